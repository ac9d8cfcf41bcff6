"""Report periods: which span a daily, weekly or monthly report covers, and when one is due.

All in local time (Europe/Istanbul): the daily report at 08:00 covers
yesterday 08:00 to today 08:00; the weekly one ends on the chosen weekday at
the same time; the monthly one ends on the first day of the month.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from pressdesk.reports.models import ReportKind, ReportSettings

# A period whose end passed longer ago than this is not sent any more by the
# schedule (the worker was down for a day): staff can still prepare it by hand.
CATCH_UP = datetime.timedelta(hours=6)


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def start_for(kind: str, end: datetime.datetime) -> datetime.datetime:
    """The start of the period of ``kind`` that ends at ``end``."""
    local = timezone.localtime(end)
    if kind == ReportKind.DAILY:
        start = local.date() - datetime.timedelta(days=1)
    elif kind == ReportKind.WEEKLY:
        start = local.date() - datetime.timedelta(days=7)
    else:
        previous = (local.date().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        start = previous if local.day == 1 else local.date().replace(day=1)
    return _at(start, local.timetz().replace(tzinfo=None))


def last_end(settings: ReportSettings, kind: str, now: datetime.datetime) -> datetime.datetime:
    """The most recent scheduled end of a ``kind`` period at or before ``now``."""
    today = timezone.localtime(now).date()
    time = settings.send_time
    if kind == ReportKind.DAILY:
        end = _at(today, time)
        return end if end <= now else _at(today - datetime.timedelta(days=1), time)
    if kind == ReportKind.WEEKLY:
        back = (today.weekday() - settings.weekly_weekday) % 7
        end = _at(today - datetime.timedelta(days=back), time)
        return end if end <= now else _at(today - datetime.timedelta(days=back + 7), time)
    first = today.replace(day=1)
    end = _at(first, time)
    if end <= now:
        return end
    return _at((first - datetime.timedelta(days=1)).replace(day=1), time)


def due_periods(
    settings: ReportSettings, now: datetime.datetime
) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    """``(kind, start, end)`` of every enabled report whose period ended within the catch-up window."""
    due = []
    for kind in settings.enabled_kinds():
        end = last_end(settings, kind, now)
        if now - end <= CATCH_UP:
            due.append((kind, start_for(kind, end), end))
    return due


def period_up_to(kind: str, now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """A report prepared by hand: the last 24 hours, 7 days or month up to now (to the minute)."""
    end = timezone.localtime(now).replace(second=0, microsecond=0)
    if kind == ReportKind.DAILY:
        return end - datetime.timedelta(days=1), end
    if kind == ReportKind.WEEKLY:
        return end - datetime.timedelta(days=7), end
    local = end
    month = local.month - 1 or 12
    year = local.year if local.month > 1 else local.year - 1
    day = min(local.day, _days_in_month(year, month))
    start = timezone.make_aware(datetime.datetime.combine(datetime.date(year, month, day), local.time()))
    return start, end


def _days_in_month(year: int, month: int) -> int:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day
