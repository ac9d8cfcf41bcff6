"""Admin for triage: read-only records (notes, forwards, alerts, models); rules are edited on the app's own screens."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pressdesk.triage.models import Alert, AlertPreference, AlertRule, SentimentModel, StoryForward, StoryNote


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AlertRule)
class AlertRuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "is_active", "sentiment", "spike", "send_sms", "max_per_hour", "capped_at"]
    list_filter = ["is_active", "spike", "send_sms"]
    search_fields = ["name"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["rule", "story", "created_at", "held_back", "delivered_at", "sms_sent_at", "sms_error"]
    list_filter = ["held_back"]
    raw_id_fields = ["rule", "story"]


@admin.register(StoryNote)
class StoryNoteAdmin(ReadOnlyAdmin):
    list_display = ["story", "author", "created_at"]
    raw_id_fields = ["story", "author"]


@admin.register(StoryForward)
class StoryForwardAdmin(ReadOnlyAdmin):
    list_display = ["story", "sender", "created_at", "sent_at"]
    raw_id_fields = ["story", "sender"]


@admin.register(AlertPreference)
class AlertPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "sms"]
    raw_id_fields = ["user"]


@admin.register(SentimentModel)
class SentimentModelAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "labels_used", "baseline_rows"]
    exclude = ["payload"]
