from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pressdesk.lib.cached_counts import nav_count
from pressdesk.notifications.queries import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the navigation; with ``WEB_FAST_PATHS`` reused for a few seconds."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not settings.WEB_FAST_PATHS:
        return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}  # type: ignore[arg-type]
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: nav_count("unread", user.pk, lambda: unread_count(user))  # type: ignore[arg-type]
        )
    }
