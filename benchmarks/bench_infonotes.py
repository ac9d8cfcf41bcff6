"""Information-note statistics and board over many cases, against a naive baseline.

The statistics page counts, for every answered case, the business days
between the request and the answer. The real code reads the holidays once for
the whole span (``workdays.business_days.Calendar``); the baseline calls
``business_days_between`` per case (one holiday query each), as a first
version would. The board is measured by its query count for 50 and for
N cases (it must not grow with N).

    .venv/bin/python benchmarks/bench_infonotes.py [--cases 2000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_infonotes.py

Uses a throw-away test database (holidays seeded by the migration).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.client import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def populate(count: int, rng: random.Random) -> tuple[object, object]:
    from pressdesk.infonotes.models import Case
    from pressdesk.testing.factories import Province

    province = Province()
    institutions = [province.hospital, province.other_hospital, province.emergency]
    now = timezone.now()
    rows = []
    for n in range(count):
        sent = now - datetime.timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 8))
        answered = sent + datetime.timedelta(days=rng.randint(0, 14)) if rng.random() < 0.8 else None
        status = rng.choice(
            [Case.Status.WAITING_INSTITUTION, Case.Status.CLOSED, Case.Status.SENT]
            if answered
            else [Case.Status.WAITING_INSTITUTION]
        )
        rows.append(
            Case(
                title=f"Haber {n}",
                organization=province.unit,
                institution=rng.choice(institutions),
                request_sent_at=sent,
                deadline=timezone.localdate(sent) + datetime.timedelta(days=7),
                answered_at=answered,
                status=status,
                closed_at=answered if status == Case.Status.CLOSED else None,
                created_by=province.staff,
                created_at=sent,
            )
        )
    Case.objects.bulk_create(rows, batch_size=500)
    return province, province.staff


def naive_answer_days(user: object) -> list[int]:
    from pressdesk.infonotes.queries import cases_visible_to
    from pressdesk.workdays.business_days import business_days_between

    days = []
    for case in cases_visible_to(user):  # type: ignore[arg-type]
        if case.answered_at and case.request_sent_at:
            days.append(
                business_days_between(timezone.localdate(case.request_sent_at), timezone.localdate(case.answered_at))
            )
    return days


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def board_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/information-notes/")
    assert response.status_code == 200, response.status_code
    return len(captured)


def run(args: argparse.Namespace) -> None:
    from pressdesk.infonotes.queries import statistics

    rng = random.Random(args.seed)
    province, staff = populate(50, rng)
    client = Client()
    client.force_login(staff)
    client.get("/information-notes/")
    small = board_queries(client)
    from pressdesk.infonotes.models import Case

    extra_rng = random.Random(args.seed + 1)
    unit, creator = province.unit, staff  # type: ignore[attr-defined]
    more = []
    for n in range(args.cases - 50):
        sent = timezone.now() - datetime.timedelta(days=extra_rng.randint(1, 365))
        answered = sent + datetime.timedelta(days=extra_rng.randint(0, 14))
        more.append(
            Case(
                title=f"Ek {n}",
                organization=unit,
                institution=province.hospital,  # type: ignore[attr-defined]
                request_sent_at=sent,
                deadline=timezone.localdate(sent) + datetime.timedelta(days=7),
                answered_at=answered,
                status=Case.Status.CLOSED,
                closed_at=answered,
                created_by=creator,
                created_at=sent,
            )
        )
    Case.objects.bulk_create(more, batch_size=500)
    large = board_queries(client)

    real_s, figures = timed(statistics, staff)
    naive_s, naive_days = timed(naive_answer_days, staff)
    assert sorted(naive_days) == sorted(d for row in figures.rows for d in row.answer_days)
    vendor = connection.vendor
    print(f"database: {vendor}; cases: {figures.total}; answered: {figures.answered}")
    print(f"statistics (holidays read once):     {real_s * 1000:8.1f} ms")
    print(f"baseline (one holiday query a case): {naive_s * 1000:8.1f} ms   ({naive_s / real_s:.1f}x slower)")
    print(f"board queries: {small} with 50 cases, {large} with {figures.total} cases")
    print("note: 2-core machine shared with other work; figures are indicative")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(os.environ["PRESSDESK_VAR_DIR"]) / "bench.sqlite3")
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
