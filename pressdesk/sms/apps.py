from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "pressdesk.sms"
    verbose_name = _("Corporate SMS")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.lib import activity, inbox
        from pressdesk.sms import queries
        from pressdesk.sms.models import Campaign, Contact, SavedList

        auditlog.register(Campaign, exclude_fields=["updated_at"])
        auditlog.register(Contact, exclude_fields=["updated_at"], mask_fields=["mobile"])
        auditlog.register(SavedList)
        register_visibility(Campaign, queries.campaigns_visible_to)
        register_visibility(Contact, queries.contacts_visible_to)
        register_visibility(SavedList, queries.lists_visible_to)
        approvals.register(
            Campaign, visible_to=queries.campaigns_visible_to, preview_template="sms/_campaign_preview.html"
        )
        inbox.register(queries.inbox_items, queries.inbox_query)
        activity.register(
            activity.Figure(
                key="sms.sent",
                label=_("Corporate SMS messages sent"),
                process="3.14",
                compute=queries.sent_by_month,
            )
        )
