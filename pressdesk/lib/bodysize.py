"""Refuse request bodies larger than the settings allow, before anything reads them.

Django caps form data (``DATA_UPLOAD_MAX_MEMORY_SIZE``) and the number of
fields and files, but streams file uploads to disk without a total. This
middleware answers 413 when the declared ``Content-Length`` is over
``REQUEST_MAX_BYTES`` (``ANONYMOUS_REQUEST_MAX_BYTES`` for visitors who are not
logged in: the newsroom, approval and unsubscribe links never take files).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return HttpResponse(status=400)
        limit = settings.REQUEST_MAX_BYTES
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            limit = min(limit, settings.ANONYMOUS_REQUEST_MAX_BYTES)
        if length > limit:
            body = render_to_string("413.html", {"limit_mb": max(1, limit // (1024 * 1024))}, request=request)
            return HttpResponse(body, status=413)
        return self.get_response(request)
