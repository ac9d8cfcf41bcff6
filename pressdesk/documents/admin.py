"""Technical admin for official letters: for looking, not for changing.

Letters change only through ``pressdesk.documents.actions`` (approval-chain
checks, EBYS rules, audit), so the admin shows them read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pressdesk.documents.models import Letter


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["subject", "kind", "organization", "date", "ebys_number", "created_by", "created_at"]
    list_filter = ["kind", "channel", "urgency", "process"]
    search_fields = ["subject", "addressee", "ebys_number", "record_no"]
    date_hierarchy = "created_at"
    list_select_related = ["organization", "created_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
