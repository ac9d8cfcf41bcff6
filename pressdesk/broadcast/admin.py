from django.contrib import admin

from pressdesk.broadcast.models import BriefingTemplate, BroadcastRequest


@admin.register(BroadcastRequest)
class BroadcastRequestAdmin(admin.ModelAdmin):
    list_display = ("programme", "outlet", "guest", "starts_at", "status")
    list_filter = ("status", "kind")
    search_fields = ("programme", "topic")
    raw_id_fields = ("guest", "other_guests", "proposed_guest", "created_by", "permit_letter", "announcement")


@admin.register(BriefingTemplate)
class BriefingTemplateAdmin(admin.ModelAdmin):
    list_display = ("province", "updated_at")
