from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaRelationsConfig(AppConfig):
    name = "pressdesk.mediarelations"
    verbose_name = _("Media relations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.lib import inbox
        from pressdesk.mediarelations import queries
        from pressdesk.mediarelations.models import Interaction, MediaContact, MediaList

        auditlog.register(MediaContact, exclude_fields=["updated_at"], mask_fields=["mobile", "phone", "email"])
        auditlog.register(MediaList)
        auditlog.register(Interaction)
        register_visibility(MediaContact, queries.contacts_visible_to)
        register_visibility(MediaList, queries.lists_visible_to)
        inbox.register(queries.inbox_items, queries.inbox_count)
