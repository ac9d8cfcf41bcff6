from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "pressdesk.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.events import queries
        from pressdesk.events.models import (
            Answer,
            ChecklistItem,
            Event,
            EventCoverage,
            EventPhoto,
            Hall,
            Invitation,
            Invitee,
            Seat,
            Vehicle,
        )
        from pressdesk.lib import agenda

        for model in (
            Event,
            Hall,
            ChecklistItem,
            Seat,
            Invitee,
            Invitation,
            Answer,
            Vehicle,
            EventPhoto,
            EventCoverage,
        ):
            auditlog.register(model)
        register_visibility(Event, queries.events_visible_to)
        from pressdesk.events.agenda import agendas_visible_to
        from pressdesk.events.models import Agenda, AgendaDocument, AgendaItem

        for agenda_model in (Agenda, AgendaItem, AgendaDocument):
            auditlog.register(agenda_model)
        approvals.register(Agenda, visible_to=agendas_visible_to, preview_template="events/_agenda_preview.html")
        approvals.register(
            Event, visible_to=queries.events_visible_to, preview_template="events/_invitation_preview.html"
        )
        agenda.register(queries.agenda_entries)
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.events import queries as figure_queries
        from pressdesk.lib import activity as activity_figures

        activity_figures.register(
            activity_figures.Figure(
                key="events.events_held",
                label=_("Events, openings and press conferences"),
                process="3.12",
                compute=figure_queries.events_by_month,
            ),
        )
