from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "pressdesk.approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import queries
        from pressdesk.approvals.models import ApprovalFlow, Deputyship, ExternalApproval
        from pressdesk.audit.registry import register_visibility
        from pressdesk.lib import inbox
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds

        auditlog.register(ApprovalFlow)
        auditlog.register(ExternalApproval, exclude_fields=["token_hash"])
        auditlog.register(Deputyship)
        register_visibility(ApprovalFlow, queries.flows_visible_to)
        inbox.register(queries.inbox_items, queries.inbox_query)
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.lib import activity

        activity.register_durations(
            activity.DurationFigure(
                key="approvals.step_cycle_times",
                label=_("Approval cycle times per step (from reaching the step to its decision)"),
                process="",
                compute=queries.step_cycle_times,
                group_label=_("Step"),
            )
        )
        register_notification_kinds(
            Kind("approval_requested", _("A document waits for my initial or signature")),
            Kind("approval_returned", _("My document was returned with a comment")),
            Kind("approval_completed", _("My document was approved")),
            Kind("approval_reminder", _("Reminder before an approval step is due")),
            Kind("approval_escalated", _("An approval step under me is overdue")),
            Kind("external_answered", _("An external unit answered an approval request"), email=False),
        )
