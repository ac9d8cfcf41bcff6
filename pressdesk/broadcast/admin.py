from django.contrib import admin

from pressdesk.broadcast.models import BriefingTemplate, BroadcastRequest, PublicRequest


@admin.register(BroadcastRequest)
class BroadcastRequestAdmin(admin.ModelAdmin):
    list_display = ("programme", "outlet", "guest", "starts_at", "status")
    list_filter = ("status", "kind")
    search_fields = ("programme", "topic")
    raw_id_fields = ("guest", "other_guests", "proposed_guest", "created_by", "permit_letter", "announcement")


@admin.register(BriefingTemplate)
class BriefingTemplateAdmin(admin.ModelAdmin):
    list_display = ("province", "updated_at")


@admin.register(PublicRequest)
class PublicRequestAdmin(admin.ModelAdmin):
    list_display = ("outlet_name", "programme", "requester_email", "created_at", "confirmed_at")
    exclude = ("token_hash",)
    raw_id_fields = ("request",)
