from django.contrib import admin

from pressdesk.events.models import Hall, ProtocolRank


@admin.register(ProtocolRank)
class ProtocolRankAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "is_active")
    list_editable = ("name", "is_active")
    ordering = ("position",)


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "capacity", "is_active")
