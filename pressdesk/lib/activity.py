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

from django.db import connections
from django.db.models import Case, CharField, Count, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When
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


# --- durations (median, 90th percentile and count per month and for the period) -------------------


@dataclass(frozen=True)
class Durations:
    """The durations of one group in one month or in the whole period, in the figure's unit.

    Percentiles are nearest-rank: the smallest duration with at least p·n durations at or under it.
    """

    count: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass(frozen=True)
class DurationGroup:
    key: str  # e.g. a chain step's role; "" for a figure without groups
    label: Any
    months: dict[datetime.date, Durations]
    period: Durations


DurationCompute = Callable[[Any, datetime.date, datetime.date], list[DurationGroup]]


@dataclass(frozen=True)
class DurationFigure:
    """A time from one moment to another (an answer, a decision), summarised per month and per period.

    ``compute(province, start, end)`` returns a ``DurationGroup`` per group (chain step, …), each with
    every month of [start, end) that has durations and the whole period; in a constant number of
    queries (``durations_by_month`` is one).
    """

    key: str
    label: Any
    process: str
    compute: DurationCompute
    unit: str = "hours"
    group_label: Any = ""  # what the groups are, e.g. "Step"


_duration_figures: dict[str, DurationFigure] = {}


def register_durations(*figures: DurationFigure) -> None:
    for figure in figures:
        _duration_figures[figure.key] = figure


def duration_figures() -> list[DurationFigure]:
    return sorted(_duration_figures.values(), key=lambda figure: (figure.process, figure.key))


def collect_durations(
    province: Any, start: datetime.date, end: datetime.date
) -> list[tuple[DurationFigure, list[DurationGroup]]]:
    return [(figure, figure.compute(province, start, end)) for figure in duration_figures()]


class Seconds(Func):
    """``ended - began`` in seconds, as a float, in the database (no per-row Python on SQLite)."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        template = "EXTRACT(EPOCH FROM (%(expressions)s))"
        return super().as_sql(compiler, connection, template=template, arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        # julianday() is a double of days: round to the millisecond it can still tell apart.
        template = "ROUND((julianday(%(expressions)s)) * 86400.0, 3)"
        return super().as_sql(compiler, connection, template=template, arg_joiner=") - julianday(", **extra)


#: Each duration's rank and count within its group and month (rm, nm) and within its group (rp, np).
RANKED_SQL = (
    "SELECT w._g AS g, w._b AS b, w._s AS s, "
    "ROW_NUMBER() OVER (PARTITION BY w._g, w._b ORDER BY w._s) AS rm, "
    "COUNT(*) OVER (PARTITION BY w._g, w._b) AS nm, "
    "ROW_NUMBER() OVER (PARTITION BY w._g ORDER BY w._s) AS rp, "
    "COUNT(*) OVER (PARTITION BY w._g) AS np "
    "FROM ({inner}) w"
)
#: Per group and month: the month's count, median and p90, and the period's (nearest rank: the smallest
#: duration whose rank reaches p·n; the period's values come back in the month that holds them).
PERCENTILES_SQL = (
    "SELECT r.g, r.b, MAX(r.nm), MIN(CASE WHEN r.rm >= 0.5 * r.nm THEN r.s END), "
    "MIN(CASE WHEN r.rm >= 0.9 * r.nm THEN r.s END), MAX(r.np), "
    "MIN(CASE WHEN r.rp >= 0.5 * r.np THEN r.s END), MIN(CASE WHEN r.rp >= 0.9 * r.np THEN r.s END) "
    "FROM ({ranked}) r GROUP BY r.g, r.b"
)

UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}


def durations_by_month(
    queryset: QuerySet[Any],
    began: str | Any,
    ended: str,
    start: datetime.date,
    end: datetime.date,
    *,
    group: str | None = None,
    unit: str = "hours",
) -> dict[str, tuple[dict[datetime.date, Durations], Durations]]:
    """``{group: ({month: Durations}, period Durations)}`` of ``ended - began`` for the rows whose
    ``ended`` falls in [start, end), in one query.

    The month is that of ``ended`` (when the answer or decision came), chosen by comparing the
    indexed timestamp with aware Istanbul month boundaries. Median and 90th percentile are picked
    in the database with window functions (``ROW_NUMBER``/``COUNT`` over the month and over the
    period, nearest rank), so only one row per group and month comes back.
    """
    period = months(start, end)
    if not period:
        return {}
    bounds = [month_start(month) for month in period] + [month_start(end)]
    began_expr = F(began) if isinstance(began, str) else began
    bucket = Case(
        *(When(**{f"{ended}__lt": bounds[index + 1]}, then=Value(index)) for index in range(len(period))),
        default=Value(len(period)),
        output_field=IntegerField(),
    )
    inner = (
        queryset.annotate(_began=began_expr)
        .filter(**{f"{ended}__gte": bounds[0], f"{ended}__lt": bounds[-1], "_began__isnull": False})
        .annotate(
            _g=F(group) if group else Value("", output_field=CharField()),
            _b=bucket,
            _s=Seconds(F(ended), F("_began")),
        )
        .order_by()
        .values("_g", "_b", "_s")
    )
    sql, params = inner.query.sql_with_params()
    query = PERCENTILES_SQL.format(ranked=RANKED_SQL.format(inner=sql))  # constant SQL around Django's own
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(query, params)
        fetched = cursor.fetchall()
    scale = UNIT_SECONDS.get(unit, 3600.0)
    result: dict[str, tuple[dict[datetime.date, Durations], Durations]] = {}
    period_parts: dict[str, list[tuple[int, float | None, float | None]]] = {}
    for key, index, n_month, median_month, p90_month, n_period, median_period, p90_period in fetched:
        key = "" if key is None else str(key)
        monthly = result.setdefault(key, ({}, Durations()))[0]
        if 0 <= index < len(period):
            monthly[period[index]] = Durations(int(n_month), _scaled(median_month, scale), _scaled(p90_month, scale))
        period_parts.setdefault(key, []).append((int(n_period), median_period, p90_period))
    for key, parts in period_parts.items():
        medians = [m for _n, m, _p in parts if m is not None]
        p90s = [p for _n, _m, p in parts if p is not None]
        result[key] = (
            result[key][0],
            Durations(
                parts[0][0],
                _scaled(min(medians), scale) if medians else None,
                _scaled(min(p90s), scale) if p90s else None,
            ),
        )
    return result


def _scaled(seconds: float | None, scale: float) -> float | None:
    return None if seconds is None else float(seconds) / scale
