from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "pressdesk.channels"
    verbose_name = _("Publishing channels")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.channels import checks, queries
        from pressdesk.channels.adapters import register_all
        from pressdesk.channels.models import Channel
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds

        register_all()
        # What people configure; never the credentials, and not the health bookkeeping.
        auditlog.register(
            Channel,
            include_fields=[
                "organization",
                "kind",
                "name",
                "is_active",
                "base_url",
                "account_id",
                "options",
                "allow_internal_host",
                "credentials_updated_at",
                "token_expires_at",
            ],
        )
        register_visibility(Channel, queries.channels_visible_to)
        checks.register()
        register_notification_kinds(
            Kind("channel_token_expiring", _("A publishing channel's token expires soon")),
            Kind("channel_failing", _("A publishing channel started failing")),
        )
