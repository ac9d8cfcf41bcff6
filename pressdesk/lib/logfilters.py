"""Logging filters.

Django logs a refused request (``PermissionDenied`` → 403) on ``django.request``
with the exception's traceback. A refusal is the permission rules working, not a
fault: :class:`RefusalWithoutTraceback` keeps the one-line warning (method, path,
status) and drops the traceback, so the logs show real errors' tracebacks only.
"""

from __future__ import annotations

import logging


class RefusalWithoutTraceback(logging.Filter):
    REFUSALS = frozenset({400, 403, 404, 405})

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in self.REFUSALS:
            record.exc_info = None
            record.exc_text = None
        return True
