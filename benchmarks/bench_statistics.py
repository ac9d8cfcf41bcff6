"""Statistics and monitoring report: database aggregation against a load-everything-into-Python baseline.

A synthetic province (20 outlets, 3 institutions, N matched items over 90 days,
about two copies per story, a third of them negative) is written in bulk; then,
in the same run:

* the statistics page's figures (``reports.figures``: totals, volume per day,
  tone, institutions, outlets, outlet types, negative outlets) for 30 and 90 days;
* the daily report's content (``content.gather``) for the last 24 hours;
* a naive baseline computing the same totals, tone and institution figures by
  loading every item of the period with its story, outlet and matches.

    .venv/bin/python benchmarks/bench_statistics.py [--items 50000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_statistics.py

It checks that both ways give the same numbers. One process, one core.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def build(n_items: int, seed: int):  # type: ignore[no-untyped-def]
    from pressdesk.monitoring.models import Item, ItemMatch, Outlet, Source, Story, WatchTerm
    from pressdesk.testing.factories import Province

    rng = random.Random(seed)
    province = Province()
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"Gazete {n}", kind=rng.choice(Outlet.Kind.values), reach=rng.randint(1000, 900000))
        for n in range(20)
    )
    sources = Source.objects.bulk_create(
        Source(name=f"RSS {n}", outlet=outlet, organization=province.directorate, url=f"https://s{n}.example/rss")
        for n, outlet in enumerate(outlets)
    )
    institutions = [province.hospital, province.other_hospital, province.directorate]
    terms = [WatchTerm.objects.create(name=org.name, query=f'"{org.name}"', organization=org) for org in institutions]
    now = timezone.now()
    stories = Story.objects.bulk_create(
        Story(
            title=f"Haber {n}",
            first_seen_at=now,
            last_seen_at=now,
            sentiment=rng.choice(["negative", "", "", "positive"]),
            sentiment_suggested=rng.choice(["negative", "neutral", "positive"]),
            importance=rng.choice([0, 1, 1, 1, 2, 3]),
        )
        for n in range(n_items // 2)
    )
    items = []
    for n in range(n_items):
        source = rng.choice(sources)
        at = now - datetime.timedelta(minutes=rng.randint(0, 90 * 24 * 60))
        items.append(
            Item(
                source=source,
                outlet_id=source.outlet_id,
                url=f"https://x.example/{n}",
                identity_hash=f"h{n}",
                title=f"Haber {n}",
                published_at=at,
                fetched_at=at,
                story=stories[n // 2],
                matched=True,
            )
        )
    items = Item.objects.bulk_create(items, batch_size=2000)
    ItemMatch.objects.bulk_create(
        (ItemMatch(item=item, term=rng.choice(terms), field="title", spans=[]) for item in items), batch_size=2000
    )
    return province


def fast(scope, start, end):  # type: ignore[no-untyped-def]
    from pressdesk.reports import figures, queries

    items = figures.in_period(queries.items_in_scope(scope), start, end)
    totals = figures.totals(items)
    figures.volume(items, start=start, end=end)
    tones = {row["tone"]: row["stories"] for row in figures.by_sentiment(items)}
    institutions = {
        row["pk"]: row["stories"] for row in figures.by_institution(items, queries.institutions_in_scope(scope))
    }
    figures.by_outlet(items)
    figures.by_outlet_kind(items)
    figures.top_negative_outlets(items)
    return totals.items, totals.stories, tones, institutions


def naive(scope, start, end):  # type: ignore[no-untyped-def]
    from pressdesk.reports import figures, queries

    items = list(
        figures.in_period(queries.items_in_scope(scope), start, end)
        .select_related("story", "outlet")
        .prefetch_related("matches__term")
    )
    stories = {item.story_id: item.story for item in items}
    tones: Counter[str] = Counter(story.effective_sentiment or "unknown" for story in stories.values())
    by_org: dict[int, set[int]] = defaultdict(set)
    for item in items:
        for match in item.matches.all():
            if match.term.organization_id:
                by_org[match.term.organization_id].add(item.story_id)
    return len(items), len(stories), dict(tones), {pk: len(ids) for pk, ids in by_org.items()}


def timed(fn, *args, repeat: int = 3):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        reset_queries()
        t0 = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, result, len(connection.queries)


def run(args: argparse.Namespace) -> None:
    from pressdesk.reports import actions, content, queries

    t0 = time.perf_counter()
    province = build(args.items, args.seed)
    print(f"database: {connection.vendor}; {args.items:,} items written in {time.perf_counter() - t0:.1f} s")
    scope = queries.Scope(province=province.directorate)
    now = timezone.now() + datetime.timedelta(minutes=1)
    settings.DEBUG = True  # count queries
    for days in (30, 90):
        start = now - datetime.timedelta(days=days)
        fast_s, fast_r, fast_q = timed(fast, scope, start, now)
        slow_s, slow_r, slow_q = timed(naive, scope, start, now, repeat=1)
        tones = {key: value for key, value in fast_r[2].items() if value}
        same = fast_r[:2] == slow_r[:2] and tones == slow_r[2] and fast_r[3] == slow_r[3]
        print(
            f"statistics {days:>2} days ({fast_r[0]:,} items): aggregated {fast_s * 1000:7.1f} ms in {fast_q} queries "
            f"(7 figures); naive {slow_s * 1000:7.1f} ms in {slow_q} queries (3 figures) "
            f"-> {slow_s / fast_s:.1f}x; same numbers: {same}"
        )
    report, _created = actions.prepare_report(actor=None, province=province.directorate, kind="daily")
    gather_s, gathered, gather_q = timed(lambda: content.gather(report, queries.scope_for_delivery(report, None)))
    print(
        f"daily report content ({gathered.totals.items:,} items in 24 h): "
        f"{gather_s * 1000:.1f} ms in {gather_q} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=50000)
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
