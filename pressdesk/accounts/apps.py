from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pressdesk.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.accounts import checks, queries
        from pressdesk.accounts.models import User
        from pressdesk.audit.registry import register_visibility

        auditlog.register(User, exclude_fields=["password", "last_login"])
        register_visibility(User, queries.users_visible_to)
        checks.register()
