"""The polling schedule: rate, known share, server limits, failure back-off, politeness."""

import datetime

import pytest
from django.core.cache import cache

from pressdesk.monitoring import scheduling as s

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("per_week", "expected"),
    [(0, 86400), (1, 86400), (7, 86400), (168, 3600), (2016, 300), (100_000, 300)],
)
def test_interval_is_a_week_divided_by_items_per_week_clamped(per_week: float, expected: int) -> None:
    assert s.interval_from_rate(per_week) == expected


def test_mostly_known_entries_lengthen_the_interval() -> None:
    assert s.adjust_for_known_share(3600, known=9, total=10) == 5400
    assert s.adjust_for_known_share(80000, known=10, total=10) == 86400


def test_mostly_new_entries_shorten_the_interval_down_to_ten_minutes() -> None:
    assert s.adjust_for_known_share(3600, known=1, total=10) == 1800
    assert s.adjust_for_known_share(900, known=0, total=10) == 600


def test_middle_share_or_no_entries_keeps_the_interval() -> None:
    assert s.adjust_for_known_share(3600, known=5, total=10) == 3600
    assert s.adjust_for_known_share(3600, known=0, total=0) == 3600


def test_items_per_week_estimate_is_smoothed() -> None:
    assert s.estimate_items_per_week(0, new_items=1, elapsed_seconds=3600) == 168
    assert s.estimate_items_per_week(100, new_items=0, elapsed_seconds=3600) == 70
    assert s.estimate_items_per_week(100, new_items=5, elapsed_seconds=0) == 100


def test_never_faster_than_the_server_allows() -> None:
    delay = s.server_min_delay(retry_after=120, max_age=1800, expires=NOW + datetime.timedelta(hours=2), now=NOW)
    assert delay == 7200
    assert s.next_interval(current=900, items_per_week=2016, known=0, total=10, server_delay=delay) == 7200
    assert s.server_min_delay(expires=NOW - datetime.timedelta(hours=1), now=NOW) == 0
    assert s.server_min_delay(retry_after=10**9, now=NOW) == 7 * 24 * 3600


def test_next_interval_combines_rate_and_known_share() -> None:
    # 168 items/week → 1 h; all known → 1.5 h.
    assert s.next_interval(current=900, items_per_week=168, known=10, total=10) == 5400
    # No estimate yet: the current interval is adjusted.
    assert s.next_interval(current=900, items_per_week=0, known=5, total=10) == 900


@pytest.mark.parametrize(("kind", "weight"), [("hard", 1), ("soft", 0.5), ("temporary", 0.25), ("other", 0.5)])
def test_failure_weights(kind: str, weight: float) -> None:
    assert s.failure_weight(kind) == weight


def test_failures_back_off_up_to_a_day() -> None:
    assert s.backoff_interval(900, 0.25) == 900
    assert s.backoff_interval(900, 3) == 2700
    assert s.backoff_interval(3600, 100) == 86400
    assert s.backoff_interval(900, 1, server_delay=3600) == 3600


def test_one_request_per_host_per_second() -> None:
    cache.clear()
    assert s.claim_host("gazete.example")
    assert not s.claim_host("GAZETE.example")
    assert s.claim_host("other.example")
    assert s.claim_host("")
