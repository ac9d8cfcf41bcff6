"""Readiness checks of the services the application depends on: database, broker, cache.

Each check answers quickly (short timeouts) and never raises: the result says
``ok`` or ``error`` with the reason. ``/healthz/ready`` turns them into a status:
the database is required (down = not ready, 503); the broker and the cache are
not (down = ``degraded``, still 200): pages render without the cache and committed
work waits for the broker, so taking the web process out of rotation would only
make things worse.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 1  # seconds


@dataclass
class Check:
    name: str
    ok: bool
    error: str = ""
    ms: float = 0.0
    required: bool = False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": "ok" if self.ok else "error", "ms": round(self.ms, 1)}
        if self.error:
            data["error"] = self.error
        return data


def _run(name: str, probe: Any, *, required: bool = False) -> Check:
    started = time.monotonic()
    try:
        probe()
    except Exception as exc:  # any failure is reported, never raised
        error = f"{type(exc).__name__}: {exc}"[:300]
        log.warning("Health check %s failed: %s", name, error)
        return Check(name, False, error, (time.monotonic() - started) * 1000, required)
    return Check(name, True, "", (time.monotonic() - started) * 1000, required)


def _database() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        # A failed probe must not leave a broken connection behind for the next request.
        if connection.errors_occurred or not connection.is_usable():
            connection.close()


def _broker() -> None:
    from pressdesk.celery import app

    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
        return
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT)


def _cache() -> None:
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()  # the fail-open cache swallows errors; ask the server directly
        return
    cache.set("healthz:probe", 1, 10)
    if cache.get("healthz:probe") != 1:
        raise RuntimeError("the value written could not be read back")


def readiness() -> list[Check]:
    return [
        _run("database", _database, required=True),
        _run("broker", _broker),
        _run("cache", _cache),
    ]


def summary(checks: list[Check]) -> tuple[int, dict[str, Any]]:
    """HTTP status and body: 503 if a required service is down, ``degraded`` if an optional one is."""
    if any(not c.ok and c.required for c in checks):
        status, word = 503, "error"
    elif any(not c.ok for c in checks):
        status, word = 200, "degraded"
    else:
        status, word = 200, "ok"
    return status, {"status": word, "checks": {c.name: c.as_dict() for c in checks}}
