from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastConfig(AppConfig):
    name = "pressdesk.broadcast"
    verbose_name = _("TV and radio")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.broadcast import public, queries
        from pressdesk.broadcast.models import BriefingTemplate, BroadcastRequest, PublicRequest
        from pressdesk.lib import activity, agenda, inbox
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds

        auditlog.register(BroadcastRequest, m2m_fields={"other_guests"})
        auditlog.register(BriefingTemplate)
        auditlog.register(PublicRequest, exclude_fields=["token_hash"])
        register_visibility(BroadcastRequest, queries.requests_visible_to)
        register_visibility(PublicRequest, public.visible_to)
        approvals.register(
            BroadcastRequest, visible_to=queries.requests_visible_to, preview_template="broadcast/_preview.html"
        )
        inbox.register(queries.inbox_items, queries.inbox_query)
        agenda.register(queries.agenda_entries)
        activity.register(
            activity.Figure(
                key="broadcast.requests",
                label=_("TV/radio requests received"),
                process="3.4",
                compute=queries.requests_by_month,
            ),
            activity.Figure(
                key="broadcast.appearances",
                label=_("TV/radio appearances aired"),
                process="3.4",
                compute=queries.appearances_by_month,
            ),
        )
        register_notification_kinds(
            Kind("broadcast_request", _("A TV/radio request or application arrived"), email=False),
            Kind("broadcast_decided", _("A TV/radio appearance of mine was decided"), email=True),
            Kind("broadcast_reminder", _("Reminder of my TV/radio appearance"), email=True),
        )
