from django.contrib import admin

from pressdesk.sms.models import DryRunMessage


@admin.register(DryRunMessage)
class DryRunMessageAdmin(admin.ModelAdmin):
    """The training outbox, read-only: what the dry-run provider recorded instead of sending."""

    list_display = ("created_at", "mobile", "key")
    search_fields = ("key",)
    readonly_fields = ("key", "recipient", "mobile", "text", "created_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
