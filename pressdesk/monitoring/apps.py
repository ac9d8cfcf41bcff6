from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "pressdesk.monitoring"
    verbose_name = _("Media monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from pressdesk.monitoring import fulltext
        from pressdesk.monitoring.models import Outlet, Source, WatchTerm

        auditlog.register(Outlet)
        # Only what people configure: polling bookkeeping changes every minute.
        auditlog.register(
            Source,
            include_fields=["name", "outlet", "organization", "kind", "url", "config", "is_active", "allowed_private"],
        )
        auditlog.register(WatchTerm)
        # Issue 30: broadcast and print clips, clipping services and the Ministry's report.
        from pressdesk.monitoring.models import ClipDetails, ClippingImport, ClippingProvider, MinistryReport

        auditlog.register(ClipDetails)
        auditlog.register(ClippingProvider)
        auditlog.register(ClippingImport)
        auditlog.register(MinistryReport)
        # SQLite table rebuilds drop the full-text triggers: put them back after every migrate.
        post_migrate.connect(fulltext.on_post_migrate, sender=self, dispatch_uid="monitoring_fulltext_triggers")
