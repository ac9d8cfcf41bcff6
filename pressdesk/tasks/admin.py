"""Technical admin for tasks: for looking, not for changing.

Every change of a task goes through ``pressdesk.tasks.actions`` (audit,
notifications), so the admin shows tasks read-only; people use the app.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pressdesk.tasks.models import Task, TaskAttachment, TaskComment


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TaskCommentInline(ReadOnlyInline):
    model = TaskComment
    fields = readonly_fields = ("created_at", "author", "body", "progress")


class TaskAttachmentInline(ReadOnlyInline):
    model = TaskAttachment
    fields = readonly_fields = ("uploaded_at", "original_name", "size", "uploaded_by")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "assignee", "created_by", "organization", "due_date", "priority", "status", "progress"]
    list_filter = ["status", "priority", "due_date", "process"]
    search_fields = ["title", "description", "assignee__username", "assignee__last_name", "created_by__last_name"]
    list_select_related = ["assignee", "created_by", "organization"]
    date_hierarchy = "created_at"
    inlines = [TaskCommentInline, TaskAttachmentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
