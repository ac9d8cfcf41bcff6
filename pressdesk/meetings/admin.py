from django.contrib import admin

from pressdesk.meetings.models import Meeting, VtcRoom


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "start", "status", "organization")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    raw_id_fields = ("organization", "chair", "created_by", "series", "room")


@admin.register(VtcRoom)
class VtcRoomAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "is_active")
