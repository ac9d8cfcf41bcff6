from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """Shared helpers; an app only so their start-up work runs before the admin loads any form."""

    name = "pressdesk.lib"
    label = "pressdesk_lib"
    verbose_name = _("Shared helpers")

    def ready(self) -> None:
        from pressdesk.lib import capitalisation

        capitalisation.install()
