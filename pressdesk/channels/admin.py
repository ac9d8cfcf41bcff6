"""Technical admin for channels: read-only, and never the credentials (they change only through the channel screens)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pressdesk.channels.models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization", "is_active", "health", "last_checked_at", "token_expires_at"]
    list_filter = ["kind", "health", "is_active"]
    search_fields = ["name", "account_id", "base_url"]
    exclude = ["credentials_encrypted"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
