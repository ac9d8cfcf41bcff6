"""The address of the client behind a known number of reverse proxies.

``PRESSDESK_TRUSTED_PROXIES`` is how many proxies stand in front of the
application (0: clients connect directly, ``REMOTE_ADDR`` is the client). With
N proxies each appending to ``X-Forwarded-For``, the client is the N-th entry
from the right; anything further left was written by the client and is not
trusted (the same rule as Django REST framework's ``NUM_PROXIES``).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address as the trusted proxies saw it, or ``None`` if unknown."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "PRESSDESK_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    return _valid(forwarded[-min(proxies, len(forwarded))]) or remote
