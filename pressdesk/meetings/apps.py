from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "pressdesk.meetings"
    verbose_name = _("Director's office")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.documents.models import Letter
        from pressdesk.lib import activity, agenda, inbox
        from pressdesk.meetings import actions, queries
        from pressdesk.meetings.models import AgendaRequest, ChecklistItem, Decision, Meeting, Minutes, VtcRoom
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds

        for model in (Meeting, AgendaRequest, ChecklistItem, Minutes, Decision, VtcRoom):
            auditlog.register(model)
        register_visibility(Meeting, queries.meetings_visible_to)
        register_visibility(Decision, queries.decisions_visible_to)
        register_visibility(Minutes, queries.minutes_visible_to)
        register_visibility(VtcRoom, queries.rooms_visible_to)
        approvals.register(
            Minutes, visible_to=queries.minutes_visible_to, preview_template="meetings/_minutes_preview.html"
        )
        # The participants are invited once the notice letter is approved (not when it is drafted).
        approvals.on_approved(Letter, actions.notice_letter_approved)
        inbox.register(queries.inbox_items, queries.inbox_query)
        agenda.register(queries.agenda_entries)
        activity.register(
            activity.Figure(
                key="meetings.held",
                label=_("Meetings held"),
                process="3.15",
                compute=queries.meetings_held_by_month,
            ),
            activity.Figure(
                key="meetings.decisions_closed",
                label=_("Meeting decisions closed"),
                process="3.15",
                compute=queries.decisions_closed_by_month,
            ),
        )
        register_notification_kinds(
            Kind("meeting_planned", _("I am invited to a meeting"), email=True),
            Kind("meeting_agenda_decided", _("My agenda request was decided"), email=False),
            Kind("meeting_agenda_sent", _("The agenda of my meeting is approved"), email=True),
            Kind("meeting_decision_progress", _("Progress on a decision of my meeting"), email=False),
            Kind("meeting_vtc_test_due", _("A VTC room is due for its connection test"), email=False),
        )
