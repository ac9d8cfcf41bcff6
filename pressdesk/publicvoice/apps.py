from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicvoiceConfig(AppConfig):
    name = "pressdesk.publicvoice"
    verbose_name = _("Public voice")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.lib import activity, inbox
        from pressdesk.monitoring import story_actions
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds
        from pressdesk.publicvoice import queries
        from pressdesk.publicvoice.models import Voice

        activity.register(
            activity.Figure(
                key="publicvoice.recorded",
                label=_("Complaints and suggestions recorded"),
                process="3.1",
                compute=queries.voices_by_month,
            )
        )
        auditlog.register(Voice)
        register_visibility(Voice, queries.voices_visible_to)
        inbox.register(queries.inbox_items, queries.inbox_query)
        story_actions.register(
            story_actions.StoryAction(
                key="public_voice",
                label=_("Complaint or suggestion"),
                url_name="publicvoice:mark",
                icon="bi-megaphone",
                available=lambda user, story: queries.can_mark(user),
            )
        )
        register_notification_kinds(
            Kind("voice_routed", _("A complaint about my institution was routed to me"), email=True),
            Kind("voice_answered", _("An institution answered a complaint"), email=False),
            Kind("voice_due", _("A complaint routed to my institution is due tomorrow"), email=True),
            Kind("voice_overdue", _("A complaint was not answered in time"), email=True),
        )
