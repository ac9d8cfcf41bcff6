"""Business-day arithmetic: weekends and the holidays in the ``Holiday`` table are not business days.

A half-day holiday (the eve of a Bayram, "arife") is a business day: the
morning is worked, so a deadline may fall on it. Holidays are read from the
database (one query per call), so an administrator's correction applies at
once.
"""

from __future__ import annotations

import datetime

from pressdesk.workdays.models import Holiday

SATURDAY = 5


def _closed_days(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Full-day holidays between ``start`` and ``end`` inclusive."""
    return set(Holiday.objects.filter(date__gte=start, date__lte=end, half_day=False).values_list("date", flat=True))


def _open(day: datetime.date, closed: set[datetime.date]) -> bool:
    return day.weekday() < SATURDAY and day not in closed


def is_business_day(day: datetime.date) -> bool:
    return _open(day, _closed_days(day, day))


def add_business_days(start: datetime.date, n: int) -> datetime.date:
    """The ``n``-th business day after ``start`` (``start`` itself is not counted).

    ``n == 0`` gives ``start`` if it is a business day, else the next one.
    Negative ``n`` counts backwards.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    # Weekends and holidays at most roughly double a span; widen if a long break needs more.
    span = remaining * 2 + 30
    while True:
        lo, hi = sorted((start, start + datetime.timedelta(days=step * span)))
        closed = _closed_days(lo, hi)
        day, left = start, remaining
        if left == 0:
            while not _open(day, closed) and lo <= day <= hi:
                day += datetime.timedelta(days=1)
            if lo <= day <= hi:
                return day
        else:
            while lo <= day + datetime.timedelta(days=step) <= hi:
                day += datetime.timedelta(days=step)
                if _open(day, closed):
                    left -= 1
                    if left == 0:
                        return day
        span *= 2


def business_days_between(a: datetime.date, b: datetime.date) -> int:
    """Business days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    ``business_days_between(a, add_business_days(a, n)) == n`` for a business day ``a``.
    """
    if b == a:
        return 0
    if b < a:
        return -business_days_between(b, a)
    closed = _closed_days(a, b)
    count = 0
    day = a
    one = datetime.timedelta(days=1)
    while day < b:
        day += one
        if _open(day, closed):
            count += 1
    return count


class Calendar:
    """Business days over a fixed span with the holidays read once (for statistics over many cases)."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.start, self.end = start, end
        self.closed = _closed_days(start, end)

    def between(self, a: datetime.date, b: datetime.date) -> int:
        if not (self.start <= min(a, b) and max(a, b) <= self.end):
            return business_days_between(a, b)
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        count = 0
        day = a
        one = datetime.timedelta(days=1)
        while day < b:
            day += one
            if _open(day, self.closed):
                count += 1
        return sign * count
