from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "pressdesk.reports"
    verbose_name = _("Monitoring reports and statistics")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds
        from pressdesk.reports import queries
        from pressdesk.reports.models import Recipient, Report, ReportSettings

        auditlog.register(ReportSettings)
        auditlog.register(Recipient)
        auditlog.register(Report, include_fields=["lead", "status", "error", "sent_by"])
        register_visibility(Report, queries.reports_visible_to)
        register_visibility(Recipient, queries.recipients_visible_to)
        register_notification_kinds(
            Kind("report_failed", _("A monitoring report could not be sent")),
            Kind("report_ready", _("A monitoring report waits for review")),
        )
