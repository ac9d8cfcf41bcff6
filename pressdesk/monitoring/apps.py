from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "pressdesk.monitoring"
    verbose_name = _("Media monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.monitoring.models import Outlet, Source, WatchTerm

        auditlog.register(Outlet)
        auditlog.register(Source, exclude_fields=["next_check_at", "etag", "last_modified", "body_hash"])
        auditlog.register(WatchTerm)
