from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfonotesConfig(AppConfig):
    name = "pressdesk.infonotes"
    verbose_name = _("Information notes")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.infonotes import queries
        from pressdesk.infonotes.kinds import NOTIFICATION_KINDS
        from pressdesk.infonotes.models import Case, DispatchRecipient, InfoNote
        from pressdesk.lib import inbox
        from pressdesk.monitoring import story_actions
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds

        auditlog.register(Case)
        auditlog.register(InfoNote)
        auditlog.register(DispatchRecipient)
        register_visibility(Case, queries.cases_visible_to)
        register_visibility(InfoNote, queries.notes_visible_to)
        approvals.register(
            InfoNote, visible_to=queries.notes_visible_to, preview_template="infonotes/_note_preview.html"
        )
        inbox.register(queries.inbox_items, queries.inbox_query)
        story_actions.register(
            story_actions.StoryAction(
                key="information_note",
                label=_("Request an information note"),
                url_name="infonotes:open_from_story",
                icon="bi-file-earmark-medical",
                available=lambda user, story: bool(user.is_active and user.is_unit_member and user.organization_id),
            )
        )
        register_notification_kinds(*(Kind(code, label, email=email) for code, label, email in NOTIFICATION_KINDS))
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.infonotes import queries as figure_queries
        from pressdesk.lib import activity as activity_figures

        activity_figures.register(
            activity_figures.Figure(
                key="infonotes.notes_sent",
                label=_("Information notes sent"),
                process="3.2",
                compute=figure_queries.notes_sent_by_month,
            ),
            activity_figures.Figure(
                key="infonotes.answers_received",
                label=_("Institutions' answers received"),
                process="3.2",
                compute=figure_queries.answers_received_by_month,
            ),
        )
        activity_figures.register_durations(
            activity_figures.DurationFigure(
                key="infonotes.answer_times",
                label=_("Institutions' answer times (from the request to the answer)"),
                process="3.2",
                compute=figure_queries.answer_times,
            )
        )
