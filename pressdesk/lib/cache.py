"""A Redis cache that fails open: when Redis is down, pages render from the database.

Django's ``RedisCache`` raises on every call when Redis cannot be reached, so a
cache outage became a 500 on the public newsroom. ``FailOpenRedisCache`` catches
Redis and socket errors and answers as an empty cache would (``get`` returns the
default, ``set`` does nothing, ``add`` says the key was free, ``incr`` starts
from zero), so callers fall back to the database. The first error of an outage
is logged once as a warning, without a traceback; the next successful call logs
that the cache is back.

Short socket timeouts (``OPTIONS`` in settings) keep a hung Redis from hanging
requests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

T = TypeVar("T")


def _cache_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.RedisError, OSError)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._errors = _cache_errors()
        self._down = False
        self._lock = threading.Lock()

    @property
    def is_down(self) -> bool:
        """The last call failed (health checks ask the server themselves)."""
        return self._down

    def _call(self, operation: Callable[[], T], fallback: T) -> T:
        try:
            result = operation()
        except self._errors as exc:
            with self._lock:
                first = not self._down
                self._down = True
            if first:
                log.warning("Cache unavailable, serving without it: %s: %s", type(exc).__name__, exc)
            return fallback
        if self._down:
            with self._lock:
                was_down, self._down = self._down, False
            if was_down:
                log.warning("Cache available again")
        return result

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call(lambda: super(FailOpenRedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._call(lambda: super(FailOpenRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: super(FailOpenRedisCache, self).has_key(key, version), False)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:  # type: ignore[override]
        self._call(lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version), None)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:  # type: ignore[override]
        return self._call(lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version), True)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:  # type: ignore[override]
        return self._call(lambda: super(FailOpenRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: super(FailOpenRedisCache, self).delete(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._call(lambda: super(FailOpenRedisCache, self).incr(key, delta, version), delta)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:  # type: ignore[override]
        return self._call(lambda: super(FailOpenRedisCache, self).set_many(data, timeout, version), [])

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._call(lambda: super(FailOpenRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._call(lambda: super(FailOpenRedisCache, self).clear(), None)

    def ping(self) -> None:
        """Raise if Redis does not answer (for the readiness check; never swallowed)."""
        self._cache.get_client(write=False).ping()  # type: ignore[attr-defined]
