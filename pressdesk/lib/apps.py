from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """Shared helpers; an app only so their start-up work runs before the admin loads any form."""

    name = "pressdesk.lib"
    label = "pressdesk_lib"
    verbose_name = _("Shared helpers")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from pressdesk.lib import capitalisation, dbstats

        capitalisation.install()
        # SQLite plans well only with statistics, and a table rebuild drops them (lib/dbstats.py).
        post_migrate.connect(dbstats.on_post_migrate, sender=self, dispatch_uid="lib_refresh_database_statistics")
