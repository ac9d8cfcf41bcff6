from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "pressdesk.sms"
    verbose_name = _("Corporate SMS")
