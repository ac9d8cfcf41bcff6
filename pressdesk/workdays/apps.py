from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "pressdesk.workdays"
    verbose_name = _("Business days and holidays")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.workdays.models import Holiday

        auditlog.register(Holiday)
