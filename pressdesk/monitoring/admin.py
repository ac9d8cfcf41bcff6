"""Admin for media monitoring. Fetched items and fetch logs are read-only: only the poller writes them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pressdesk.monitoring.models import FetchLog, Item, ItemMatch, Outlet, Source, Story, StoryTriage, WatchTerm


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "reach"]
    list_filter = ["kind", "province"]
    search_fields = ["name"]
    raw_id_fields = ["created_by"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "kind", "is_active", "next_check_at", "failure_count", "last_status"]
    list_filter = ["kind", "is_active", "allowed_private"]
    search_fields = ["name", "url", "outlet__name"]
    raw_id_fields = ["outlet", "organization", "created_by"]
    readonly_fields = [
        "etag",
        "last_modified",
        "body_hash",
        "failure_count",
        "last_status",
        "last_error",
        "last_checked_at",
        "last_success_at",
        "last_new_item_at",
        "items_per_week",
    ]


@admin.register(FetchLog)
class FetchLogAdmin(ReadOnlyAdmin):
    list_display = ["source", "started_at", "outcome", "status_code", "duration_ms", "bytes", "new_items"]
    list_filter = ["outcome"]
    raw_id_fields = ["source"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "outlet", "published_at", "matched", "story"]
    list_filter = ["matched", "outlet__kind"]
    search_fields = ["title", "url"]
    raw_id_fields = ["source", "outlet", "story", "created_by"]
    exclude = ["signature"]


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    list_display = ["title", "item_count", "first_seen_at", "last_seen_at"]


@admin.register(StoryTriage)
class StoryTriageAdmin(ReadOnlyAdmin):
    list_display = ["story", "province", "relevance", "sentiment", "importance", "assignee", "reviewed_at"]
    list_filter = ["relevance", "sentiment"]
    raw_id_fields = ["story", "province", "assignee"]


@admin.register(WatchTerm)
class WatchTermAdmin(admin.ModelAdmin):
    list_display = ["name", "query", "organization", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "query"]
    raw_id_fields = ["organization", "created_by"]


@admin.register(ItemMatch)
class ItemMatchAdmin(ReadOnlyAdmin):
    list_display = ["item", "term", "field"]
    raw_id_fields = ["item", "term"]
