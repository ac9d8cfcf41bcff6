from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaRelationsConfig(AppConfig):
    name = "pressdesk.mediarelations"
    verbose_name = _("Media relations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.lib import inbox
        from pressdesk.mediarelations import coverage, queries
        from pressdesk.mediarelations.models import Interaction, MediaContact, MediaList, Release
        from pressdesk.monitoring.signals import items_ingested

        auditlog.register(MediaContact, exclude_fields=["updated_at"], mask_fields=["mobile", "phone", "email"])
        auditlog.register(MediaList)
        auditlog.register(Interaction)
        register_visibility(MediaContact, queries.contacts_visible_to)
        register_visibility(MediaList, queries.lists_visible_to)
        auditlog.register(Release, exclude_fields=["updated_at"])
        register_visibility(Release, queries.releases_visible_to)
        approvals.register(
            Release, visible_to=queries.releases_visible_to, preview_template="mediarelations/_release_preview.html"
        )
        items_ingested.connect(coverage.on_items_ingested, dispatch_uid="mediarelations-coverage")
        inbox.register(queries.inbox_items, queries.inbox_query)
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.lib import activity as activity_figures
        from pressdesk.mediarelations import queries as figure_queries

        activity_figures.register(
            activity_figures.Figure(
                key="mediarelations.bulletins_sent",
                label=_("Press bulletins sent"),
                process="3.7",
                compute=figure_queries.bulletins_sent_by_month,
            ),
            activity_figures.Figure(
                key="mediarelations.statements_sent",
                label=_("Press statements sent"),
                process="3.10",
                compute=figure_queries.statements_sent_by_month,
            ),
        )
