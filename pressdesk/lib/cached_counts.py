"""Counts that many requests ask for, kept in the cache for a few seconds.

Pages show counts that are costly to compute and shared (the number of stories a scope
sees) or asked on every page (the navigation badges). A count a few seconds old is
fine there; a cache that is down is not an error: the count is computed from the
database (fail open).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

#: How long a shared count (e.g. the stories of a scope) is reused.
SHARED_COUNT_SECONDS = 15
#: How long a user's navigation badges are reused (their own changes clear them at once).
#: Both read when used: the test suite sets them to 0 (nothing kept) except where it tests them.
NAV_COUNT_SECONDS = 5


def cached_count(key: str, compute: Callable[[], int], seconds: int) -> int:
    """``compute()``, reused from the cache under ``key`` for ``seconds``; computed when the cache fails."""
    if seconds <= 0:
        return compute()
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("cache unavailable, counting from the database", exc_info=True)
        return compute()
    if isinstance(value, int):
        return value
    value = compute()
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("cache unavailable, count not kept", exc_info=True)
    return value


def cached_ids(key: str, compute: Callable[[], list[int]], seconds: int) -> list[int]:
    """``compute()`` (a list of ids), kept under ``key`` for ``seconds``; computed when the cache fails."""
    if seconds <= 0:
        return compute()
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("cache unavailable, reading from the database", exc_info=True)
        return compute()
    if isinstance(value, list):
        return value
    value = compute()
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("cache unavailable, ids not kept", exc_info=True)
    return value


def generation(key: str) -> int:
    """A counter that :func:`bump` raises: part of the keys of values that a change makes stale (0 without a cache)."""
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("cache unavailable", exc_info=True)
        return 0
    return value if isinstance(value, int) else 0


def bump(key: str) -> None:
    """Raise the :func:`generation` ``key`` now and again after the commit (see :func:`forget_on_commit`)."""

    def raise_it() -> None:
        try:
            cache.set(key, generation(key) + 1, None)
        except Exception:
            logger.warning("cache unavailable, generation not raised", exc_info=True)

    raise_it()
    transaction.on_commit(raise_it)


def cached_fragment(key: str, render: Callable[[], str], seconds: int) -> SafeString:
    """A rendered piece of a page shared by many requests (e.g. a filter form's select boxes).

    ``render()`` is reused from the cache under ``key`` for ``seconds``; rendered afresh when
    the cache fails or ``seconds`` is 0. ``key`` must hold everything the piece depends on
    (scope, language, the values shown).
    """
    if seconds <= 0:
        return mark_safe(render())  # noqa: S308 - render() returns template output, escaped there
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("cache unavailable, rendering afresh", exc_info=True)
        return mark_safe(render())  # noqa: S308 - as above
    if not isinstance(value, str):
        value = render()
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.warning("cache unavailable, fragment not kept", exc_info=True)
    return mark_safe(value)  # noqa: S308 - template output kept as rendered


def remember(key: str, value: int, seconds: int) -> None:
    """Store a count just computed anyway (e.g. the İşlerim page's own list)."""
    if seconds <= 0:
        return
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("cache unavailable, count not kept", exc_info=True)


def forget(*keys: str) -> None:
    """Drop cached counts (after a change the user expects to see at once)."""
    try:
        cache.delete_many(list(keys))
    except Exception:
        logger.warning("cache unavailable, counts not cleared", exc_info=True)


def forget_on_commit(*keys: str) -> None:
    """Drop cached counts now and again when the transaction commits.

    Now, so that the rest of this request sees the change; after the commit, so that a
    request that counted meanwhile (before the change was visible) does not keep its old
    count for the next few seconds.
    """
    forget(*keys)
    transaction.on_commit(lambda: forget(*keys))


def queryset_key(queryset: Any) -> str:
    """A cache key for the count of ``queryset``: the hash of its SQL with its parameters."""
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()[:32]
    return f"count:{digest}"


class CachedCountPaginator(Paginator):
    """A paginator whose total is reused for ``SHARED_COUNT_SECONDS`` by every request with the same query.

    Only the total and the number of pages may lag: a page always holds up to
    ``per_page`` rows of the query as it is now (a story that arrived a second ago is on
    page 1 even when the cached total does not count it yet).
    """

    @cached_property
    def count(self) -> int:
        object_list: Any = self.object_list
        return cached_count(queryset_key(object_list.order_by()), object_list.count, SHARED_COUNT_SECONDS)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)  # type: ignore[attr-defined]


def nav_key(kind: str, user_id: int) -> str:
    return f"nav:{kind}:{user_id}"


def nav_count(kind: str, user_id: int, compute: Callable[[], int]) -> int:
    """A navigation badge of ``user_id``, reused for ``NAV_COUNT_SECONDS``."""
    return cached_count(nav_key(kind, user_id), compute, NAV_COUNT_SECONDS)


def remember_nav_count(kind: str, user_id: int, value: int) -> None:
    remember(nav_key(kind, user_id), value, NAV_COUNT_SECONDS)
