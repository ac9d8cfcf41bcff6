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
        from pressdesk.tasks import inbox

        auditlog.register(ApprovalFlow)
        auditlog.register(ExternalApproval, exclude_fields=["token_hash"])
        auditlog.register(Deputyship)
        register_visibility(ApprovalFlow, queries.flows_visible_to)
        inbox.register(queries.inbox_items, queries.inbox_count)
