"""A token bucket per provider, shared by all workers through the database.

Verimor allows 150 requests per minute; every worker asks ``acquire`` before a
request. The bucket row is locked for a moment (``SELECT … FOR UPDATE`` on
PostgreSQL, the write lock on SQLite — taken by a write before the read), refilled for the time since its last
use, and either gives the tokens or says how long to wait. The lock is never
held during the request itself.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pressdesk.sms.models import RateBucket

# Requests per minute by provider (a setting overrides them all).
DEFAULT_PER_MINUTE = {"verimor": 150, "netgsm": 100, "iletimerkezi": 100}


def per_minute(provider: str) -> int | None:
    configured = getattr(settings, "SMS_RATE_PER_MINUTE", None)
    if configured:
        return int(configured)
    return DEFAULT_PER_MINUTE.get(provider)


def try_acquire(provider: str, tokens: float = 1.0, now: datetime.datetime | None = None) -> float:
    """Take ``tokens`` now (returns 0) or return the seconds to wait before asking again."""
    limit = per_minute(provider)
    if not limit:
        return 0.0
    rate = limit / 60.0
    tokens = min(tokens, float(limit))
    with transaction.atomic():
        try:
            with transaction.atomic():
                RateBucket.objects.get_or_create(
                    provider=provider, defaults={"tokens": float(limit), "updated_at": now or timezone.now()}
                )
        except IntegrityError:
            pass  # another worker created it a moment ago
        # Lock the row before reading it: a write takes the row lock on PostgreSQL and the database's write
        # lock on SQLite (where SELECT … FOR UPDATE does nothing and two workers would spend the same tokens).
        RateBucket.objects.filter(provider=provider).update(tokens=F("tokens"))
        bucket = RateBucket.objects.get(provider=provider)
        # The time is read once the lock is held: a time read before waiting for it would be older than the
        # last holder's, and writing it back would hand out the same refill twice.
        now = max(now or timezone.now(), bucket.updated_at)
        elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
        available = min(float(limit), bucket.tokens + elapsed * rate)
        if available >= tokens:
            RateBucket.objects.filter(pk=bucket.pk).update(tokens=available - tokens, updated_at=now)
            return 0.0
        RateBucket.objects.filter(pk=bucket.pk).update(tokens=available, updated_at=now)
        return (tokens - available) / rate


def acquire(
    provider: str,
    tokens: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime.datetime] = timezone.now,
) -> float:
    """Wait until ``tokens`` are available; returns the seconds waited."""
    waited = 0.0
    while (wait := try_acquire(provider, tokens, None if clock is timezone.now else clock())) > 0:
        sleep(wait)
        waited += wait
    return waited
