"""Watch-term query tester and back-fill over an archive of realistic Turkish items.

    .venv/bin/python benchmarks/bench_backfill.py [--items 20000]          # SQLite (a file in a temp dir)
    (PostgreSQL: set DATABASE_URL as for bench_ingest.py; a throw-away test_… database is used)

Prints the query tester's time per keystroke (``queries.try_query`` over the newest
3,000 items of the last 30 days, the cap) for a few queries, and the back-fill's
rate (``actions.run_backfill``: read, match, look up and insert the missing rows)
over the whole archive, plus a second run (which adds nothing).
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
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

import bench_matching as gen  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

QUERIES = ['"Kocaeli Şehir Hastanesi"', "aşı OR kızamık", "hastane AND (acil OR 112) NOT spor", "ambulans w/3 kaza"]


def run(args: argparse.Namespace) -> None:
    from pressdesk.monitoring import actions, queries
    from pressdesk.monitoring.models import Backfill, Item, Outlet, Source
    from pressdesk.testing.factories import Province

    province = Province()
    outlet = Outlet.objects.create(name="Gazete")
    source = Source.objects.create(
        name="Gazete", outlet=outlet, organization=province.directorate, url="https://g.example/"
    )
    rng = random.Random(args.seed)
    now = timezone.now()
    rows = []
    for n in range(args.items):
        title, body, url = gen.entry(rng)
        when = now - datetime.timedelta(minutes=n * 5)  # 20,000 items ≈ 70 days
        rows.append(
            Item(source=source, outlet=outlet, url=url, identity_hash=f"b{n}", title=title, text=body,
                 published_at=when, fetched_at=when)
        )  # fmt: skip
    Item.objects.bulk_create(rows, batch_size=1000)
    print(f"{args.items:,} items, newest {queries.TESTER_MAX_ITEMS:,} of the last 30 days checked per keystroke")
    for query in QUERIES:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            trial = queries.try_query(province.staff, query)
            times.append(time.perf_counter() - started)
        print(f"tester {query!r}: median {statistics.median(times) * 1000:.0f} ms, {trial.count} matched")
    term = actions.create_watch_term(actor=province.staff, name="Bench", query=QUERIES[1])
    for label in ("first run", "second run"):
        run_row = Backfill.objects.create(term=term, query=term.query, requested_by=province.staff, total=args.items)
        started = time.perf_counter()
        actions.run_backfill(backfill_id=run_row.pk, budget=10**6)
        elapsed = time.perf_counter() - started
        run_row.refresh_from_db()
        print(
            f"back-fill {label}: {run_row.done:,} items in {elapsed:.1f} s = {run_row.done / elapsed:,.0f} items/s, "
            f"{run_row.created:,} rows added ({run_row.status})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
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
