"""Admin of the reports: settings and recipients editable; reports and deliveries read-only (actions send them)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pressdesk.reports.models import Delivery, Recipient, Report, ReportSettings


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0
    raw_id_fields = ["user", "organization"]


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "send_time",
        "daily_enabled",
        "weekly_enabled",
        "monthly_enabled",
        "send_when_empty",
    ]
    raw_id_fields = ["organization"]
    inlines = [RecipientInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["name", "email", "scope", "status", "attempts", "last_error", "sent_at"]
    exclude = ["recipient"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "kind", "status", "period_end", "sent_at"]
    list_filter = ["kind", "status"]
    inlines = [DeliveryInline]
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
