"""Dates and times as people read them: in the deployment's time zone (Europe/Istanbul), ``gg.aa.yyyy``.

Messages built outside a request (e-mails, notifications, SMS written by Celery
tasks) must never print UTC: an aware ``datetime`` from the database is in UTC,
and ``strftime`` on it prints UTC. These helpers convert to ``settings.TIME_ZONE``
explicitly, whatever time zone happens to be active.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone


def local(value: datetime.datetime) -> datetime.datetime:
    """``value`` in the deployment's time zone (naive values are taken as already local)."""
    if timezone.is_naive(value):
        return value
    return value.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


def format_date(value: datetime.date | datetime.datetime | None, empty: str = "-") -> str:
    """``06.12.2026``; a datetime is converted to local time first (UTC midnight can be another day)."""
    if value is None:
        return empty
    if isinstance(value, datetime.datetime):
        value = local(value)
    return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime.datetime | None, empty: str = "-") -> str:
    """``06.12.2026 14:30`` in local time."""
    if value is None:
        return empty
    return local(value).strftime("%d.%m.%Y %H:%M")
