"""Polling farm: one full cycle over 2,000 feeds served on the loopback network, against a sequential baseline.

A feed farm (an asyncio HTTP server in a subprocess, no aiohttp) listens on
100 loopback addresses 127.0.1.1–127.0.1.100 (100 "sites", 20 feeds each; the
whole 127.0.0.0/8 block is loopback, so per-host politeness has real hosts to
work with). The feeds, by share:

    changed    30 %  200, 20 Turkish entries (a fifth of them agency copies shared across sites)
    unchanged  45 %  304 to the ETag / If-Modified-Since the source already holds
    same body   5 %  200 without validators, the body the source already saw (body hash)
    slow       10 %  200 after 1–5 s
    error       3 %  500, or 503 with Retry-After
    malformed   2 %  an HTML page or a non-feed XML document
    timeout     3 %  two thirds never answer (read timeout), a third trickle a byte every 2 s (30 s deadline)

The cycle is the real scheduler: worker processes claim due sources in batches
(``polling.claim_due_sources``, ``tasks.POLL_BATCH_SIZE``) and run the batch task
(``tasks.poll_sources``: thread-pool fetches with per-host politeness, serial
ingest, 500 watch terms) until no source is due. It reports wall time,
fetches/s, the CPU time of the worker processes, and checks that every source
was checked once and every broken source has its error recorded.

The baseline is today's one-at-a-time poll (``polling.poll_source`` per source,
in one process) over a stratified subset of the farm (its own source rows),
extrapolated to the whole farm.

    .venv/bin/python benchmarks/bench_polling.py                 # SQLite (temp file, WAL)
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_perf .venv/bin/python benchmarks/bench_polling.py
                                                                 # PostgreSQL (a throw-away test_… database)

Goal: a full cycle of 2,000 feeds within 5 minutes on this 2-core machine, with CPU time to spare.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import bench_matching as gen  # noqa: E402

KINDS = (
    ("changed", 30),
    ("unchanged", 45),
    ("same_body", 5),
    ("slow", 10),
    ("error", 3),
    ("malformed", 2),
    ("timeout", 3),
)
BROKEN = {"error", "malformed", "timeout"}
ENTRIES_PER_FEED = 20
LAST_MODIFIED = "Sun, 22 Nov 2026 06:00:00 GMT"


# --- The farm (also run in the server subprocess) -------------------------------


def plan(feeds: int, seed: int) -> list[str]:
    """The kind of each feed, shuffled but with the exact shares."""
    kinds = [kind for kind, share in KINDS for _ in range(round(feeds * share / 100))]
    kinds = (kinds + ["changed"] * feeds)[:feeds]
    random.Random(seed).shuffle(kinds)
    return kinds


def host_of(n: int, hosts: int) -> str:
    return f"127.0.1.{n % hosts + 1}"


_AGENCY: list[tuple[str, str]] = []


def feed_body(n: int, version: int) -> bytes:
    """Feed ``n`` in ``version`` (1: what sources already saw; 2: with new entries)."""
    rng = random.Random(n * 10 + version)
    if not _AGENCY:
        agency_rng = random.Random(99)
        _AGENCY.extend(gen.entry(agency_rng)[:2] for _ in range(30))
    items = []
    for i in range(ENTRIES_PER_FEED):
        if rng.random() < 0.2:  # an agency story, lightly edited by this site
            title, body = rng.choice(_AGENCY)
            words = body.split()
            body = " ".join([*words[rng.randint(0, 4) :], "Kaynak:", f"site{n % 100}"])
        else:
            title, body, _url = gen.entry(rng)
        guid = f"https://site{n % 100}.example/haber/{n}-{version}-{i}"
        items.append(
            f"<item><title>{escape(title)}</title><link>{guid}</link><guid>{guid}</guid>"
            f"<pubDate>Sun, 22 Nov 2026 0{i % 10}:{i:02d}:00 +0300</pubDate>"
            f"<description>{escape('<p>' + body + '</p>')}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site {n % 100}</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _response(status: str, body: bytes = b"", **headers: str) -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def serve(port: int, hosts: int, feeds: int, seed: int) -> None:
    kinds = plan(feeds, seed)
    bodies: dict[tuple[int, int], bytes] = {}

    def body(n: int, version: int) -> bytes:
        if (n, version) not in bodies:
            bodies[(n, version)] = feed_body(n, version)
        return bodies[(n, version)]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            path = head.split(" ", 2)[1]
            headers = {
                name.strip().lower(): value.strip()
                for name, _, value in (line.partition(":") for line in head.split("\r\n")[1:] if line)
            }
            n = int(path.rsplit("/", 1)[1])
            kind = kinds[n]
            rss = "application/rss+xml; charset=utf-8"
            if kind == "unchanged":
                if headers.get("if-none-match") == f'"v1-{n}"' or headers.get("if-modified-since") == LAST_MODIFIED:
                    writer.write(_response("304 Not Modified", ETag=f'"v1-{n}"', Last_Modified=LAST_MODIFIED))
                else:
                    writer.write(
                        _response("200 OK", body(n, 1), Content_Type=rss, ETag=f'"v1-{n}"', Last_Modified=LAST_MODIFIED)
                    )
            elif kind == "same_body":
                writer.write(_response("200 OK", body(n, 1), Content_Type=rss))
            elif kind in ("changed", "slow"):
                if kind == "slow":
                    await asyncio.sleep(1 + n % 5)
                writer.write(_response("200 OK", body(n, 2), Content_Type=rss, ETag=f'"v2-{n}"'))
            elif kind == "error":
                if n % 2:
                    writer.write(_response("503 Service Unavailable", b"busy", Retry_After="120"))
                else:
                    writer.write(_response("500 Internal Server Error", b"oops"))
            elif kind == "malformed":
                if n % 2:
                    page = b"<!DOCTYPE html><html><head><title>Haber</title></head><body>404</body></html>"
                    writer.write(_response("200 OK", page, Content_Type="text/html"))
                else:
                    writer.write(_response("200 OK", b"<?xml version='1.0'?><notafeed><x/></notafeed>"))
            elif n % 3:  # timeout: never answer
                await asyncio.sleep(120)
            else:  # slow loris: a byte every 2 s
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
                for _ in range(60):
                    writer.write(b"<")
                    await writer.drain()
                    await asyncio.sleep(2)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(
            handle, host=[f"127.0.1.{h + 1}" for h in range(hosts)], port=port, backlog=1024
        )
        print("ready", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def start_farm(hosts: int, feeds: int, seed: int) -> tuple[subprocess.Popen[str], int]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.1.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, __file__, "--serve", str(port), "--hosts", str(hosts), "--feeds", str(feeds)]
    server = subprocess.Popen(  # noqa: S603 - this very script
        [*command, "--seed", str(seed)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    if server.stdout.readline().strip() != "ready":
        raise SystemExit("the feed farm did not start")
    return server, port


# --- The benchmark -------------------------------------------------------------------


def setup_django() -> None:
    import logging

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
    os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))
    import django

    django.setup()
    for name in ("httpx",):  # one line per request
        logging.getLogger(name).setLevel(logging.CRITICAL)


def create_sources(kinds: list[str], numbers: list[int], port: int, hosts: int, label: str) -> dict[int, str]:
    """Source rows for feeds ``numbers``, primed as if polled before; returns ``{source_id: kind}``."""
    from django.utils import timezone

    from pressdesk.monitoring.models import Outlet, Source

    outlets = Outlet.objects.bulk_create([Outlet(name=f"{label} site {h}", kind="news_site") for h in range(hosts)])
    due = timezone.now() - datetime.timedelta(minutes=1)
    rows = []
    for n in numbers:
        kind = kinds[n]
        rows.append(
            Source(
                name=f"{label} feed {n}",
                outlet=outlets[n % hosts],
                url=f"http://{host_of(n, hosts)}:{port}/feed/{n}",
                allowed_private=True,
                next_check_at=due,
                etag=f'"v1-{n}"' if kind == "unchanged" else "",
                last_modified=LAST_MODIFIED if kind == "unchanged" else "",
                body_hash=hashlib.sha256(feed_body(n, 1)).hexdigest() if kind == "same_body" else "",
                last_checked_at=due - datetime.timedelta(hours=1),
            )
        )
    created = Source.objects.bulk_create(rows, batch_size=500)
    return {source.pk: kinds[n] for source, n in zip(created, numbers, strict=True)}


def worker(batch: int, results: object) -> None:
    """One worker process: claim a batch, run the batch task, until nothing is due."""
    from django.db import connections

    from pressdesk.monitoring import polling, tasks

    connections.close_all()
    polled = 0
    while True:
        claimed = polling.claim_due_sources(limit=batch)
        if not claimed:
            break
        tasks.poll_sources(claimed)
        polled += len(claimed)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    results.put((os.getpid(), polled, usage.ru_utime + usage.ru_stime))  # type: ignore[attr-defined]
    connections.close_all()


def run(args: argparse.Namespace, port: int) -> None:
    import multiprocessing

    from django.db import connection, connections
    from django.db.models import Count
    from django.utils import timezone

    from pressdesk.monitoring import polling, tasks
    from pressdesk.monitoring.models import FetchLog, Item, Source, Story, WatchTerm

    rng = random.Random(args.seed)
    kinds = plan(args.feeds, args.seed)
    WatchTerm.objects.bulk_create([WatchTerm(name=q[:200], query=q) for _i, q in gen.watch_terms(rng, args.terms)])

    # Baseline: a stratified subset, one source at a time, as poll_source did for every source.
    subset = []
    for kind, share in KINDS:
        subset += [n for n, k in enumerate(kinds) if k == kind][: max(1, round(args.baseline * share / 100))]
    baseline_sources = create_sources(kinds, subset, port, args.hosts, "baseline")
    started = time.monotonic()
    for source_id in baseline_sources:
        polling.poll_source(source_id=source_id)
    baseline_wall = time.monotonic() - started
    Source.objects.filter(pk__in=baseline_sources).update(is_active=False)

    cycle_sources = create_sources(kinds, list(range(args.feeds)), port, args.hosts, "farm")
    cycle_start = timezone.now()
    items_before = Item.objects.count()
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.monotonic()
    processes = [context.Process(target=worker, args=(args.batch, queue)) for _ in range(args.workers)]
    for process in processes:
        process.start()
    reports = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    wall = time.monotonic() - started

    logs = FetchLog.objects.filter(source_id__in=cycle_sources, started_at__gte=cycle_start)
    per_source = dict(logs.values("source_id").annotate(n=Count("pk")).values_list("source_id", "n"))
    outcomes: dict[str, dict[str, int]] = {}
    for source_id, outcome in logs.values_list("source_id", "outcome"):
        row = outcomes.setdefault(cycle_sources[source_id], {})
        row[outcome] = row.get(outcome, 0) + 1
    errors_recorded = (
        Source.objects.filter(pk__in=[pk for pk, kind in cycle_sources.items() if kind in BROKEN])
        .exclude(last_error="")
        .count()
    )
    broken = sum(1 for kind in cycle_sources.values() if kind in BROKEN)
    cpu = sum(report[2] for report in reports)

    print(
        f"Polling farm — {connection.vendor}, {args.feeds} feeds on {args.hosts} loopback hosts, "
        f"{args.terms} watch terms; "
        f"{args.workers} worker process(es), batches of {args.batch}, {polling.POLL_CONCURRENCY} fetch threads each, "
        f"≤{polling.PER_HOST_CONCURRENCY} per host, {polling.PER_HOST_GAP:g} s between fetches to a host"
    )
    print(f"{'kind':<11}{'feeds':>7}  outcomes")
    for kind, _share in KINDS:
        count = sum(1 for k in cycle_sources.values() if k == kind)
        detail = ", ".join(f"{name} {n}" for name, n in sorted(outcomes.get(kind, {}).items()))
        print(f"{kind:<11}{count:>7}  {detail}")
    checked_once = sum(1 for pk in cycle_sources if per_source.get(pk) == 1)
    print(f"sources checked exactly once: {checked_once}/{len(cycle_sources)}; ", end="")
    print(f"broken sources with their error recorded: {errors_recorded}/{broken}")
    print(f"new items stored: {Item.objects.count() - items_before}; stories: {Story.objects.count()}")
    print(
        f"cycle: {wall:.1f} s wall, {args.feeds / wall:.1f} fetches/s; worker CPU {cpu:.1f} s = "
        f"{100 * cpu / wall:.0f} % of one core ({100 * cpu / wall / (os.cpu_count() or 1):.0f} % of the machine)"
    )
    extrapolated = baseline_wall * args.feeds / len(subset)
    print(
        f"baseline (poll_source one at a time): {len(subset)} feeds in {baseline_wall:.1f} s "
        f"→ {extrapolated:.0f} s for {args.feeds} (extrapolated), {len(subset) / baseline_wall:.1f} fetches/s"
    )
    print(
        f"cycle is {extrapolated / wall:.1f}x the baseline; goal ≤ 300 s: {'met' if wall <= 300 else 'NOT met'}; "
        f"batch size {tasks.POLL_BATCH_SIZE} in production"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (a Celery worker's concurrency)")
    parser.add_argument("--batch", type=int, default=0, help="sources per batch task (default: tasks.POLL_BATCH_SIZE)")
    parser.add_argument("--baseline", type=int, default=100, help="feeds polled one at a time for the baseline")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.hosts, args.feeds, args.seed)
        return
    setup_django()
    from django.conf import settings
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from pressdesk.monitoring import tasks

    args.batch = args.batch or tasks.POLL_BATCH_SIZE
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(os.environ["PRESSDESK_VAR_DIR"]) / "bench.sqlite3")
    farm, port = start_farm(args.hosts, args.feeds, args.seed)
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args, port)
    finally:
        teardown_databases(old, verbosity=0)
        farm.terminate()
        farm.wait()


if __name__ == "__main__":
    main()
