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
        inbox.register(queries.inbox_items, queries.inbox_count)
