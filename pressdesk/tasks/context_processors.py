from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pressdesk.lib import inbox as inbox_registry
from pressdesk.lib.cached_counts import nav_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The "İşlerim" count for the navigation, computed only if a template uses it.

    Every page shows it: with ``WEB_FAST_PATHS`` it is reused for a few seconds
    (``NAV_COUNT_SECONDS``); the İşlerim page itself counts afresh and stores its count.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not settings.WEB_FAST_PATHS:
        return {"inbox_count": SimpleLazyObject(lambda: inbox_registry.count_for(user))}
    return {
        "inbox_count": SimpleLazyObject(lambda: nav_count("inbox", user.pk, lambda: inbox_registry.count_for(user)))
    }
