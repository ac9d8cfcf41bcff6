"""End-to-end ingest: parse → normalise → dedup → match 500 terms → cluster → store.

Feeds of realistic Turkish entries (the generator of bench_matching.py, with a
share of agency copies republished by several sites) go through the real
pipeline (`parsing.parse_feed` + `ingest.ingest_entries`, one long-lived
Matcher and story index as in a polling worker) and, in the same run, through a naive baseline: the
same parse, one regular expression per term, clustering by comparing each new
item with every recent item (no LSH index) and one INSERT per row.

    .venv/bin/python benchmarks/bench_ingest.py                      # SQLite (a file in a temp dir, WAL)
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_ingest.py
                                                                     # PostgreSQL (uses a throw-away test_… database)

Goal: ≥ 1,000 entries/s per core for the real pipeline: entries per CPU second of the
ingesting process plus, on PostgreSQL, of the server backend that serves it (read from
/proc when the server runs on this machine; the wall-clock rate of the one stream is
printed too: on PostgreSQL it also waits for the disk at each commit).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

import bench_matching as gen  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def make_feed(rng: random.Random, count: int, batch: int) -> bytes:
    """An RSS document of ``count`` entries; about a fifth are agency copies of one story."""
    items = []
    agency_title, agency_body, _url = gen.entry(rng)
    for n in range(count):
        if rng.random() < 0.2:  # the same agency story, lightly edited, on another site
            words = agency_body.split()
            cut = rng.randint(0, 5)
            title, body = agency_title, " ".join([*words[cut:], "Kaynak:", rng.choice(gen.SITES)])
            url = f"https://www.{rng.choice(gen.SITES)}/haber/ajans-{batch}-{n}"
        else:
            title, body, url = gen.entry(rng)
            url = f"{url}-{batch}-{n}"
        items.append(
            f"<item><title>{escape(title)}</title><link>{escape(url)}</link><guid>{escape(url)}</guid>"
            f"<pubDate>Sun, 22 Nov 2026 10:{n % 60:02d}:00 +0300</pubDate>"
            f"<description>{escape('<p>' + body + '</p>')}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def naive_ingest(source, entries, fetched_at, patterns) -> int:  # type: ignore[no-untyped-def]
    from pressdesk.monitoring import normalize
    from pressdesk.monitoring.clustering import signature, similarity
    from pressdesk.monitoring.models import Item, ItemMatch, Story

    recent = list(Item.objects.filter(source__outlet=source.outlet).values_list("signature", "story_id"))
    stored = 0
    for entry in entries:
        identity = normalize.identity_hashes([entry])[0]
        if Item.objects.filter(source=source, identity_hash=identity).exists():
            continue
        sig = signature(f"{entry.title}\n{entry.text}")
        story_id = None
        for other_sig, other_story in recent:  # no index: compare with everything recent
            if similarity(sig, bytes(other_sig)) >= 0.5:
                story_id = other_story
                break
        if story_id is None:
            story_id = Story.objects.create(
                title=entry.title[:500], first_seen_at=fetched_at, last_seen_at=fetched_at
            ).pk
        found = gen.run_baseline(patterns, entry.title, entry.text)
        item = Item.objects.create(
            source=source,
            outlet_id=source.outlet_id,
            url=normalize.canonical_url(entry.url)[:2000],
            original_url=entry.url[:2000],
            guid=entry.guid[:2000],
            identity_hash=identity,
            title_hash=normalize.title_hash(entry.title),
            title=entry.title[:1000],
            summary_html=normalize.sanitize_html(entry.summary_html),
            text=entry.text,
            published_at=entry.published_at or fetched_at,
            fetched_at=fetched_at,
            signature=sig,
            story_id=story_id,
            matched=bool(found),
        )
        for term_id in found:
            ItemMatch.objects.create(item=item, term_id=term_id, field="text", spans=[])
        recent.append((sig, story_id))
        stored += 1
    return stored


def _reference_loop_s() -> float:
    """CPU seconds for 10 million additions in a Python loop: how fast this core runs Python."""
    started = time.process_time()
    total = 0
    for value in range(10_000_000):
        total += value
    return time.process_time() - started


def _server_cpu_s() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs on this machine."""
    if connection.vendor != "postgresql":
        return 0.0  # SQLite works inside this process: its time is in the process's CPU time
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # a server on another machine
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(args: argparse.Namespace) -> None:
    from pressdesk.celery import freeze_startup_heap

    # What a Celery worker does when it starts (``worker_init``): its start-up objects
    # leave the garbage collector's sight. The matcher and story index come after, as in a worker.
    freeze_startup_heap()
    from pressdesk.monitoring import ingest, parsing
    from pressdesk.monitoring.matching import Matcher
    from pressdesk.monitoring.models import Outlet, Source, WatchTerm
    from pressdesk.organizations.models import Organization

    rng = random.Random(args.seed)
    org = Organization.objects.create(code="bench", kind="provincial_directorate", name="Bench", path="00000001/")
    terms = gen.watch_terms(rng, args.terms)
    rows = WatchTerm.objects.bulk_create([WatchTerm(name=q[:200], query=q) for _i, q in terms])
    term_pairs = [(row.pk, row.query) for row in rows]
    matcher = Matcher(term_pairs)
    stories = ingest.RecentStories()  # as a polling worker keeps it between sources
    patterns = gen.baseline_patterns(term_pairs)
    # Each timed run of the pipeline gets its own fresh feeds (new entries, new addresses).
    runs = [
        [make_feed(rng, args.entries, b + r * args.batches) for b in range(args.batches)] for r in range(args.repeat)
    ]
    now = timezone.now()

    def source(name: str) -> Source:
        outlet = Outlet.objects.create(name=name, kind="news_site")
        return Source.objects.create(name=name, outlet=outlet, organization=org, url=f"https://{name}.example/rss")

    # A polling worker is long-lived: its modules are imported, its broker connection (the
    # triage task sent after each ingest) is open. One small feed through each path first,
    # so the timed runs measure the steady state, not the first call's imports.
    warm_feed = make_feed(random.Random(args.seed + 1), 20, -1)
    warm_entries = parsing.parse_feed(warm_feed, content_type="application/rss+xml", fetched_at=now).entries
    ingest.ingest_entries(
        source=source("warmup"), entries=warm_entries, fetched_at=now, matcher=matcher, stories=ingest.RecentStories()
    )
    if not args.no_baseline:
        naive_ingest(source("warmup-baseline"), warm_entries, now, patterns)

    Outcome = tuple[int, float, float, float, float, float | None]
    results: dict[str, Outcome] = {}
    pipeline_runs: list[Outcome] = []
    labels = [f"pipeline-{r}" for r in range(args.repeat)] + ([] if args.no_baseline else ["baseline"])
    for label in labels:
        feeds = runs[int(label.split("-")[1])] if label.startswith("pipeline") else runs[0]
        profiler = cProfile.Profile() if args.profile and label == "pipeline-0" else None
        if profiler is not None:
            profiler.enable()
        src = source(label)
        parse_s = ingest_s = 0.0
        server_start = _server_cpu_s()
        cpu_start = time.process_time()
        stored = 0
        for body in feeds:
            t0 = time.perf_counter()
            entries = parsing.parse_feed(body, content_type="application/rss+xml", fetched_at=now).entries
            t1 = time.perf_counter()
            if label.startswith("pipeline"):
                stored += ingest.ingest_entries(
                    source=src, entries=entries, fetched_at=now, matcher=matcher, stories=stories
                ).new_items
            else:
                stored += naive_ingest(src, entries, now, patterns)
            t2 = time.perf_counter()
            parse_s += t1 - t0
            ingest_s += t2 - t1
        if profiler is not None:
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(args.profile)
        total = parse_s + ingest_s
        cpu = time.process_time() - cpu_start
        server_end = _server_cpu_s()
        server = None if server_start is None or server_end is None else server_end - server_start
        outcome = (stored, parse_s, ingest_s, total, cpu, server)
        if label.startswith("pipeline"):
            pipeline_runs.append(outcome)
        else:
            results[label] = outcome

    # The median run stands for the pipeline (the best one is printed too: on a shared
    # machine, other tenants' load only ever makes a run slower).
    # Ordered by what the goal is judged by: CPU seconds of the process and the server (wall
    # clock when the server's CPU cannot be read).
    ordered = sorted(
        pipeline_runs, key=lambda outcome: outcome[4] + outcome[5] if outcome[5] is not None else outcome[3]
    )
    results = {"pipeline": ordered[(len(ordered) - 1) // 2], "best run": ordered[0], **results}
    n = args.entries * args.batches
    vendor = connection.vendor
    print(
        f"Ingest benchmark — {vendor}, {n} entries in {args.batches} feeds, {args.terms} watch terms, one core; "
        f"pipeline: median of {len(ordered)} runs"
    )
    print(
        f"{'':<10}{'stored':>8}{'parse s':>9}{'ingest s':>10}{'entries/s':>11}{'CPU s':>8}{'DB CPU s':>10}"
        f"{'per core':>10}"
    )
    for label, (stored, parse_s, ingest_s, total, cpu, server) in results.items():
        if vendor != "postgresql":
            server_text = f"{'—':>10}"  # SQLite's work is in the process's CPU time
        else:
            server_text = f"{server:>10.2f}" if server is not None else f"{'?':>10}"
        per_core = f"{n / (cpu + server):>10.0f}" if server is not None else f"{'?':>10}"
        print(
            f"{label:<10}{stored:>8}{parse_s:>9.2f}{ingest_s:>10.2f}{n / total:>11.0f}{cpu:>8.2f}{server_text}"
            f"{per_core}"
        )
    print(
        "(entries/s: wall clock, one stream; CPU s: this process; DB CPU s: the PostgreSQL backend serving it,\n"
        " read from /proc (SQLite runs inside this process); per core: entries per CPU second of both)"
    )
    stored, parse_s, ingest_s, total, cpu, server = results["pipeline"]
    rate = n / (cpu + server) if server is not None else n / total
    print(f"this core's speed: a reference pure-Python loop takes {_reference_loop_s():.2f} s (compare machines by it)")
    if "baseline" in results:
        print(f"pipeline is {results['baseline'][3] / results['pipeline'][3]:.1f}x the baseline")
    print(f"goal ≥ 1,000 entries/s/core: {'met' if rate >= 1000 else 'NOT met'} ({rate:,.0f} per core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entries", type=int, default=500, help="entries per feed")
    parser.add_argument("--batches", type=int, default=4, help="feeds (polls) in a row")
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true", help="only the real pipeline")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the pipeline (the median is reported)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile the pipeline, print N rows")
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
