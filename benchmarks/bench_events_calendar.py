"""The events calendar of a whole year with 2,000 events, against a naive baseline.

The real page (``events:calendar``, list view of a year) reads the events with their hall in
one query and the director's attendance in one more, then finds the conflicts in memory. The
baseline renders the same template from a first version's reads: the events without their
hall (one query per event for its place), and per event one query for the director's
attendance and one for the hall's overlapping bookings. Goal: under 300 ms per page.

    .venv/bin/python benchmarks/bench_events_calendar.py [--events 2000] [--repeat 15]
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_events_calendar.py

Uses a throw-away test database.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test.client import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def populate(count: int, rng: random.Random) -> tuple[object, int]:
    from pressdesk.events.models import Event, Hall
    from pressdesk.testing.factories import Province

    province = Province()
    halls = [
        Hall.objects.create(organization=province.directorate, name=f"Salon {i}", capacity=50 + i) for i in range(8)
    ]
    year = timezone.localdate().year + 1
    tz = timezone.get_default_timezone()
    first = datetime.datetime(year, 1, 1, 8, tzinfo=tz)
    rows = []
    for n in range(count):
        start = first + datetime.timedelta(days=rng.randint(0, 364), hours=rng.randint(0, 10))
        rows.append(
            Event(
                organization=province.unit,
                kind=rng.choice(["opening", "ceremony", "press_conference", "interview", "training"]),
                title=f"Etkinlik {n} Şehir Hastanesi",
                start=start,
                end=start + datetime.timedelta(hours=rng.randint(1, 3)),
                hall=rng.choice(halls) if rng.random() < 0.7 else None,
                address="Valilik" if rng.random() < 0.3 else "",
                created_by=province.staff,
            )
        )
    events = Event.objects.bulk_create(rows)
    through = Event.attendees.through
    through.objects.bulk_create(
        through(event_id=e.pk, user_id=province.director.pk) for e in events if rng.random() < 0.3
    )
    return province, year


def naive_page(user: object, year: int) -> str:
    """A first version: lazy halls, a query per event for the director and for hall clashes."""
    from pressdesk.events import queries
    from pressdesk.events.models import Event

    start = datetime.date(year, 1, 1)
    cal = queries.calendar_for(user, "year", start)  # for the shape only; its reads are redone below
    events = list(
        queries.events_visible_to(user)
        .filter(start__year=year)
        .exclude(status=Event.Status.CANCELLED)
        .order_by("start", "pk")
    )
    director = queries.director_of(user)
    conflicts: dict[int, list[str]] = {}
    for event in events:
        reasons = []
        if event.hall_id and queries.hall_clashes(event.hall, event.start, event.end, exclude=event.pk):
            reasons.append("Salon iki kez ayrılmış")
        if director is not None and event.attendees.filter(pk=director.pk).exists():
            others = (
                Event.objects.filter(attendees=director, start__lt=event.end, end__gt=event.start)
                .exclude(pk=event.pk)
                .exists()
            )
            if others:
                reasons.append("Müdür iki kez")
        if reasons:
            conflicts[event.pk] = reasons
    cal.events, cal.conflicts = events, conflicts
    request = RequestFactory().get("/events/")
    request.user = user
    context = {"cal": cal, "view": "list", "can_plan": True, "weekdays": []}
    return render_to_string("events/calendar.html", context, request=request)


def timed(fn: object, repeat: int) -> list[float]:
    times = []
    for _i in range(repeat):
        began = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - began) * 1000)
    return times


def figures(label: str, times: list[float], queries: int) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{label:<34} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   {queries:5d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--baseline-repeat", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    # Django empties the query log at each request's start; keep it to count the page's queries.
    request_started.disconnect(reset_queries)
    old = setup_databases(verbosity=0, interactive=False)
    try:
        province, year = populate(args.events, random.Random(25))
        staff = province.staff  # type: ignore[attr-defined]
        client = Client()
        client.force_login(staff)
        url = f"/events/?view=list&year=1&date={year}-06-01"
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        shown = response.content.decode().count('data-testid="calendar-event"')
        print(f"{args.events} events in {year}; the page lists {shown}; database {connection.vendor}")
        with CaptureQueriesContext(connection) as real_queries:
            client.get(url)
        with CaptureQueriesContext(connection) as naive_queries:
            naive_page(staff, year)
        figures(
            "baseline (lazy reads, per event)",
            timed(lambda: naive_page(staff, year), args.baseline_repeat),
            len(naive_queries.captured_queries),
        )
        current = timed(lambda: client.get(url), args.repeat)
        figures("current (events:calendar, year)", current, len(real_queries.captured_queries))
        verdict = "under" if statistics.median(current) < 300 else "OVER"
        print(f"goal: < 300 ms per page -> median is {verdict} the goal")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
