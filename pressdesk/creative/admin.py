from django.contrib import admin

from pressdesk.creative.models import SpecialDay


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):
    list_display = ("name", "rule", "month", "day", "nth", "weekday", "duration_days", "is_active")
    list_filter = ("rule", "month", "is_active", "international")
    search_fields = ("name",)
    filter_horizontal = ("responsible",)
