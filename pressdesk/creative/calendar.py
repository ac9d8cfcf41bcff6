"""Dates of the special days: fixed dates and rules such as "the second Thursday of March"."""

from __future__ import annotations

import calendar
import datetime
from typing import Any


def first_day(day: Any, year: int) -> datetime.date:
    month = day.month
    if day.rule == "fixed":
        last = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, min(day.day or 1, last))
    if day.rule == "month":
        return datetime.date(year, month, 1)
    if day.rule == "last_day":
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    if day.rule == "last_weekday":
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return end - datetime.timedelta(days=(end.weekday() - (day.weekday or 0)) % 7)
    # n-th weekday of the month
    first = datetime.date(year, month, 1)
    offset = ((day.weekday or 0) - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * ((day.nth or 1) - 1))
