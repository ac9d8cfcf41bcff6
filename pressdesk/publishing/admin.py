"""Technical admin for publishing: for looking, not for changing.

Stories, publications and the press list change only through
``pressdesk.publishing.actions`` (approval checks, idempotent posting, audit).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pressdesk.publishing.models import NewsStory, PressContact, Publication, PublicationAttempt, Tag


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NewsStory)
class NewsStoryAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "status", "published_at", "created_by", "created_at"]
    list_filter = ["status", "goes_to_press"]
    search_fields = ["title", "spot"]
    list_select_related = ["organization", "created_by"]


class AttemptInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PublicationAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["action", "outcome", "started_at", "finished_at", "http_status", "message", "remote_id", "url"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["story", "channel", "status", "scheduled_for", "published_at", "attempt_count"]
    list_filter = ["status", "channel__kind"]
    list_select_related = ["story", "channel"]
    inlines = [AttemptInline]


@admin.register(PressContact)
class PressContactAdmin(ReadOnlyAdmin):
    list_display = ["name", "outlet", "email", "is_active", "unsubscribed_at"]
    search_fields = ["name", "outlet", "email"]


@admin.register(Tag)
class TagAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
