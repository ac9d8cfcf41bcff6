from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pressdesk.tasks import inbox as inbox_registry


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The "İşlerim" count for the navigation, computed only if a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_count": SimpleLazyObject(lambda: inbox_registry.count_for(user))}
