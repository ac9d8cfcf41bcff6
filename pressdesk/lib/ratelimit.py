"""Per-client rate limits for the anonymous endpoints, kept in the Django cache.

``@rate_limited("newsroom")`` counts each request of a client address (see
``clientip``) in a fixed window of ``period`` seconds; past ``limit`` the
view is not run and the client gets a Turkish 429 page with ``Retry-After``.
Limits come from ``settings.RATE_LIMITS`` (``{"group": (limit, period)}``).

The counter is ``cache.add`` then ``cache.incr``: atomic on Redis and on the
local-memory cache of the embedded mode (there, per process).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string

from pressdesk.lib.clientip import client_ip

DEFAULT = (60, 60)


def limit_for(group: str) -> tuple[int, int]:
    limit, period = getattr(settings, "RATE_LIMITS", {}).get(group, DEFAULT)
    return int(limit), int(period)


def hit(request: HttpRequest, group: str) -> int:
    """Count this request in the client's current window of ``group``; return seconds to wait (0: allowed)."""
    limit, period = limit_for(group)
    if limit <= 0:
        return 0
    now = time.time()
    window = int(now // period)
    address = client_ip(request) or "unknown"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"ratelimit:{group}:{digest}:{window}"
    if cache.add(key, 1, period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, period + 1)
            count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * period - now))


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    body = render_to_string("429.html", {"retry_after": retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(group: str) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            wait = hit(request, group)
            if wait:
                return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
