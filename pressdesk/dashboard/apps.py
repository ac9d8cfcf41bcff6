from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The home screen: it reads every other app's figures and registers nothing of its own."""

    name = "pressdesk.dashboard"
    verbose_name = _("Home screen")
