from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "pressdesk.monitoring"
    verbose_name = _("Media monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.monitoring.models import Outlet, Source, WatchTerm

        auditlog.register(Outlet)
        # Only what people configure: polling bookkeeping changes every minute.
        auditlog.register(
            Source,
            include_fields=["name", "outlet", "organization", "kind", "url", "is_active", "allowed_private"],
        )
        auditlog.register(WatchTerm)
