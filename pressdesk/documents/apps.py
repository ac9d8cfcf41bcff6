from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "pressdesk.documents"
    verbose_name = _("Official letters")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.documents import queries
        from pressdesk.documents.models import Letter

        auditlog.register(Letter)
        register_visibility(Letter, queries.letters_visible_to)
        approvals.register(
            Letter, visible_to=queries.letters_visible_to, preview_template="documents/_letter_preview.html"
        )
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.documents import queries as figure_queries
        from pressdesk.lib import activity as activity_figures

        activity_figures.register(
            activity_figures.Figure(
                key="documents.letters_recorded",
                label=_("Official letters recorded in EBYS"),
                process="1.4",
                compute=figure_queries.letters_recorded_by_month,
            ),
        )
