"""The technical admin's view of users: Django's UserAdmin plus the Press Desk fields."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User, UserImport


@admin.register(User)
class PressDeskUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Press Desk"), {"fields": ("organization", "role", "title", "phone")}),
    )
    add_fieldsets = (
        *(UserAdmin.add_fieldsets or ()),
        (_("Press Desk"), {"fields": ("first_name", "last_name", "email", "organization", "role", "title", "phone")}),
    )
    list_display = ("username", "first_name", "last_name", "email", "organization", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff", "is_superuser", "organization__kind")
    list_select_related = ("organization",)
    search_fields = ("username", "first_name", "last_name", "email", "organization__name", "organization__code")
    raw_id_fields = ("organization",)


@admin.register(UserImport)
class UserImportAdmin(admin.ModelAdmin):
    """Read-only: imports are made and confirmed on the user administration screens."""

    list_display = ("file_name", "status", "created_by", "created_at", "imported_at")
    list_filter = ("status",)
    list_select_related = ("created_by",)
    fields = ("file_name", "status", "created_by", "created_at", "imported_by", "imported_at", "skipped_lines")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
