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
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
