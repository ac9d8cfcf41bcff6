"""django-auditlog's middleware with the client address taken through the trusted proxies only."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest

from pressdesk.lib.clientip import client_ip


class AuditlogMiddleware(_AuditlogMiddleware):
    """Records ``client_ip(request)``: auditlog's own reads the first X-Forwarded-For entry, which any client forges."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request) or None
