from django.contrib import admin

from pressdesk.workdays.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "kind", "half_day", "source")
    list_filter = ("kind", "half_day")
    date_hierarchy = "date"
    search_fields = ("name",)
