from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "pressdesk.monitoring"
    verbose_name = _("Media monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_migrate, post_save

        from pressdesk.monitoring import fulltext
        from pressdesk.monitoring.models import Outlet, Source, WatchTerm

        auditlog.register(Outlet)
        # Only what people configure: polling bookkeeping changes every minute.
        auditlog.register(
            Source,
            include_fields=["name", "outlet", "organization", "kind", "url", "config", "is_active", "allowed_private"],
        )
        auditlog.register(WatchTerm)
        # Cache only (see CONVENTIONS): the archive's cached lists of visible sources start afresh.
        post_save.connect(_sources_changed, sender=Source, dispatch_uid="monitoring_sources_generation_save")
        post_delete.connect(_sources_changed, sender=Source, dispatch_uid="monitoring_sources_generation_delete")
        # Issue 30: broadcast and print clips, clipping services and the Ministry's report.
        from pressdesk.monitoring.models import ClipDetails, ClippingImport, ClippingProvider, MinistryReport

        auditlog.register(ClipDetails)
        auditlog.register(ClippingProvider)
        auditlog.register(ClippingImport)
        auditlog.register(MinistryReport)
        # SQLite table rebuilds drop the full-text triggers: put them back after every migrate.
        post_migrate.connect(fulltext.on_post_migrate, sender=self, dispatch_uid="monitoring_fulltext_triggers")
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.lib import activity as activity_figures
        from pressdesk.monitoring import queries as figure_queries

        activity_figures.register(
            activity_figures.Figure(
                key="monitoring.items_tracked",
                label=_("Media items found by the watch terms"),
                process="3.1",
                compute=figure_queries.items_tracked_by_month,
            ),
        )


def _sources_changed(update_fields: frozenset[str] | None = None, **kwargs: object) -> None:
    """A source was added, deleted or moved: who sees it may have changed (polling's own saves do not count)."""
    from pressdesk.lib.cached_counts import bump

    if update_fields is not None and not {"organization", "created_by"} & set(update_fields):
        return
    from pressdesk.monitoring.queries import SOURCES_GENERATION

    bump(SOURCES_GENERATION)
