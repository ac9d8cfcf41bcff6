"""The unit's activity figures, registered by every module (Kocaeli preamble:
the unit's statistical work). The statistics page and the annual activity
report only collect them.

Each module registers its figures in its AppConfig.ready()::

    activity.register(activity.Figure(
        key="publishing.stories_published", label=_("News stories published"),
        process="3.6", compute=queries.stories_published_by_month,
    ))

``compute(province, start, end)`` returns ``{month_start_date: number}`` for
the months in [start, end) (Istanbul dates; months with nothing may be left
out). It must run a constant number of queries whatever the volume (group by
month in the database, e.g. ``TruncMonth``), so a year of a whole province
stays one query per figure. ``unit`` says how to read the number ("count",
"hours", "days", "percent").

``count_by_month(queryset, field, start, end)`` is such a compute for a count:
one query with a conditional count per month between aware Istanbul month
boundaries, so the database compares indexed timestamps instead of converting
every row's time zone (which SQLite does in Python, row by row).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

Compute = Callable[[Any, datetime.date, datetime.date], dict[datetime.date, float]]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any  # lazily translated
    process: str  # the process code from the catalogue, e.g. "3.6"
    compute: Compute
    unit: str = "count"
    aggregate: str = "sum"  # how months add up to the period: "sum" or "mean"


_figures: dict[str, Figure] = {}


def register(*figures: Figure) -> None:
    for figure in figures:
        _figures[figure.key] = figure


def figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda figure: (figure.process, figure.key))


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the months in [start, end)."""
    current = start.replace(day=1)
    result = []
    while current < end:
        result.append(current)
        current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return result


def collect(
    province: Any, start: datetime.date, end: datetime.date
) -> list[tuple[Figure, dict[datetime.date, float], float]]:
    """Each figure with its monthly series (every month present) and the period's total."""
    result = []
    period = months(start, end)
    for figure in figures():
        raw = figure.compute(province, start, end)
        series = {month: float(raw.get(month, 0) or 0) for month in period}
        values = list(series.values())
        if figure.aggregate == "mean":
            present = [v for v in values if v]
            total = sum(present) / len(present) if present else 0.0
        else:
            total = sum(values)
        result.append((figure, series, total))
    return result


def month_start(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the project's time zone (Europe/Istanbul), aware."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=timezone.get_default_timezone())


def count_by_month(
    queryset: QuerySet[Any], field: str, start: datetime.date, end: datetime.date
) -> dict[datetime.date, float]:
    """``{month: rows whose datetime ``field`` falls in that month}`` for [start, end), in one query."""
    period = months(start, end)
    if not period:
        return {}
    bounds = [month_start(month) for month in period] + [month_start(end)]
    counts = {
        f"m{index}": Count("pk", filter=Q(**{f"{field}__gte": bounds[index], f"{field}__lt": bounds[index + 1]}))
        for index in range(len(period))
    }
    row = queryset.filter(**{f"{field}__gte": bounds[0], f"{field}__lt": bounds[-1]}).aggregate(**counts)
    return {month: float(row[f"m{index}"] or 0) for index, month in enumerate(period)}
