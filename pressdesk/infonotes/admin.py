from django.contrib import admin

from pressdesk.infonotes.models import Case, CaseEvent


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "actor_name", "text", "created_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "institution", "deadline", "created_at")
    list_filter = ("status", "origin")
    search_fields = ("title",)
    readonly_fields = ("status", "request_letter", "request_sent_at", "answered_at", "sent_at", "closed_at")
    inlines = [CaseEventInline]

    # Read-only: every change goes through pressdesk.infonotes.actions.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
