"""The provider's request limit is a token bucket in the database, shared by every worker."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pressdesk.sms import ratelimit

pytestmark = pytest.mark.django_db

T0 = timezone.now()


def test_verimor_allows_150_requests_a_minute_then_asks_to_wait():
    assert all(ratelimit.try_acquire("verimor", now=T0) == 0 for _ in range(150))
    wait = ratelimit.try_acquire("verimor", now=T0)
    assert wait == pytest.approx(0.4)  # one token comes back every 0.4 s


def test_the_bucket_refills_with_time():
    for _ in range(150):
        ratelimit.try_acquire("verimor", now=T0)
    later = T0 + datetime.timedelta(seconds=4)
    assert sum(ratelimit.try_acquire("verimor", now=later) == 0 for _ in range(12)) == 10


def test_acquire_sleeps_until_a_token_is_free():
    for _ in range(150):
        ratelimit.try_acquire("verimor", now=T0)
    clock = [T0]

    def sleep(seconds: float) -> None:
        clock[0] += datetime.timedelta(seconds=seconds)

    assert ratelimit.acquire("verimor", sleep=sleep, clock=lambda: clock[0]) == pytest.approx(0.4)


def test_the_dry_run_is_not_limited_and_a_setting_overrides(settings):
    assert all(ratelimit.try_acquire("dry_run") == 0 for _ in range(300))
    settings.SMS_RATE_PER_MINUTE = 2
    assert ratelimit.try_acquire("netgsm", now=T0) == 0 and ratelimit.try_acquire("netgsm", now=T0) == 0
    assert ratelimit.try_acquire("netgsm", now=T0) > 0


def test_a_worker_that_read_the_clock_before_waiting_for_the_lock_gets_no_extra_tokens():
    # Another worker used the bucket at T0 + 10 s; this one read T0 + 5 s before it got the row lock.
    # Writing its older time back would hand out the same five seconds of refill twice.
    late = T0 + datetime.timedelta(seconds=10)
    for _ in range(150):
        ratelimit.try_acquire("verimor", now=late)
    assert ratelimit.try_acquire("verimor", now=T0 + datetime.timedelta(seconds=5)) > 0
    assert ratelimit.try_acquire("verimor", now=late) > 0
