"""When to poll a source next: pure functions, after Miniflux and Media Cloud.

* Rate (Miniflux): one week divided by the source's items per week, clamped
  to 5 minutes–24 hours.
* Known share (Media Cloud): when ≥ 67 % of the fetched entries were already
  known the interval grows, when < 33 % were it shrinks (floor 10 minutes).
* Never faster than the server allows (Retry-After, Cache-Control max-age,
  Expires).
* Failures back off by weight (hard 1, soft 0.5, temporary 0.25): interval ×
  failures, capped at 24 hours. Sources are never dropped.
* Politeness: at most one request per host per second (``claim_host``).
"""

from __future__ import annotations

import datetime

from django.core.cache import cache

WEEK = 7 * 24 * 3600
MIN_INTERVAL = 5 * 60
MAX_INTERVAL = 24 * 3600
KNOWN_SHARE_FLOOR = 10 * 60
LONGER, SHORTER = 1.5, 0.5
MAX_SERVER_DELAY = 7 * 24 * 3600  # a server asking for more than a week is not obeyed beyond that
FAILURE_WEIGHTS = {"hard": 1.0, "soft": 0.5, "temporary": 0.25}
RATE_SMOOTHING = 0.3  # weight of the newest observation in the items-per-week estimate


def clamp(value: float, low: float, high: float) -> int:
    return int(max(low, min(high, value)))


def interval_from_rate(items_per_week: float, *, low: int = MIN_INTERVAL, high: int = MAX_INTERVAL) -> int:
    """Miniflux: a week divided by items per week; a silent source gets the longest interval."""
    if items_per_week <= 0:
        return high
    return clamp(WEEK / items_per_week, low, high)


def adjust_for_known_share(interval: int, *, known: int, total: int, high: int = MAX_INTERVAL) -> int:
    """Media Cloud: lengthen when most entries were known, shorten when most were new."""
    if total <= 0:
        return interval
    share = known / total
    if share >= 0.67:
        return clamp(interval * LONGER, KNOWN_SHARE_FLOOR, high)
    if share < 0.33:
        return clamp(interval * SHORTER, KNOWN_SHARE_FLOOR, high)
    return interval


def estimate_items_per_week(previous: float, *, new_items: int, elapsed_seconds: float) -> float:
    """Smoothed items-per-week estimate from the new items seen since the previous check."""
    if elapsed_seconds <= 0:
        return previous
    observed = new_items * WEEK / elapsed_seconds
    if previous <= 0:
        return observed
    return (1 - RATE_SMOOTHING) * previous + RATE_SMOOTHING * observed


def server_min_delay(
    *,
    retry_after: int | None = None,
    max_age: int | None = None,
    expires: datetime.datetime | None = None,
    now: datetime.datetime,
) -> int:
    """The shortest delay the server allows before asking again, in seconds (0 when it says nothing)."""
    delays = [0]
    if retry_after:
        delays.append(retry_after)
    if max_age:
        delays.append(max_age)
    if expires is not None:
        delays.append(int((expires - now).total_seconds()))
    return clamp(max(delays), 0, MAX_SERVER_DELAY)


def next_interval(
    *,
    current: int,
    items_per_week: float,
    known: int,
    total: int,
    low: int = MIN_INTERVAL,
    high: int = MAX_INTERVAL,
    server_delay: int = 0,
) -> int:
    """The interval after a successful check."""
    base = interval_from_rate(items_per_week, low=low, high=high) if items_per_week > 0 else current
    adjusted = adjust_for_known_share(base, known=known, total=total, high=high)
    return max(clamp(adjusted, low, high), server_delay)


def failure_weight(kind: str) -> float:
    return FAILURE_WEIGHTS.get(kind, FAILURE_WEIGHTS["soft"])


def backoff_interval(interval: int, failure_count: float, *, cap: int = MAX_INTERVAL, server_delay: int = 0) -> int:
    """Interval × failures, capped; never sooner than the server asked (Retry-After)."""
    return max(clamp(interval * max(1.0, failure_count), MIN_INTERVAL, cap), server_delay)


def claim_host(host: str, *, gap: float = 1.0) -> bool:
    """Reserve ``host`` for one request; ``False`` while another request to it was made in the last ``gap`` s.

    Works across workers when the cache is shared (Redis in production); the
    embedded default (local memory) limits one process.
    """
    if not host:
        return True
    return bool(cache.add(f"monitoring:host:{host.lower()}", 1, timeout=max(1, round(gap))))
