"""The address of the client, as seen through ``PRESSDESK_TRUSTED_PROXIES`` reverse proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address.

    With no trusted proxy (the default) it is ``REMOTE_ADDR`` and
    ``X-Forwarded-For`` is ignored. With *n* proxies in front, each appending
    the address it was reached from, the client is the *n*-th entry from the
    right of ``X-Forwarded-For``; entries further left are whatever the client
    sent and are never trusted. A header shorter than *n* entries or holding
    something other than an address gives ``REMOTE_ADDR``.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "PRESSDESK_TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
