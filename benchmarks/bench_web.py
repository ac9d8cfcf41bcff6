"""Web pages under load: a real gunicorn on 127.0.0.1 serving the main pages to 50 logged-in users.

Builds (once; reused while its version marker matches) the demo province scaled up
(``demo_data`` plus 10,000 monitored stories, 100,000 items with their watch-term
matches, 50 unit users with open tasks, published newsroom stories), then in the same run:

1. profile — each main page through Django's test client in this process: median
   server time and query count over ``--rounds`` requests after a warm-up, with the
   web shortcuts on (the default) and off (``WEB_FAST_PATHS=False``: no shared
   caches, the query paths as they were before this benchmark);
2. load — a real gunicorn (``--workers``, ``--worker-class``/``--threads``) on a free
   port of 127.0.0.1; ``--users`` simulated users, each with its own logged-in session,
   request a page, wait ``--think`` seconds, request the next (closed loop) for
   ``--duration`` seconds or ``--max-requests`` requests, whichever comes first. It
   prints requests/s and p50/p95/p99 per page for each configuration:

   * baseline: the shortcuts off and 4 sync workers — the set-up of the reliability
     run that found 25–34 requests/s (issue 21);
   * current: the shortcuts on and the recommended worker set-up (``docs/operations.md``).

   ``--stress`` adds a run of each without think time (the most the server gives).

The pages: İşlerim (``/my-work/``, where ``/`` redirects), the monitored stories, an
archive search (a different word each time), a story page (a random recent story) and
the public newsroom (list and a story).

    .venv/bin/python benchmarks/bench_web.py                     # SQLite, var/bench_web.sqlite3
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_web .venv/bin/python benchmarks/bench_web.py

Goal: p95 ≤ 250 ms with 50 users and a 1-second think time; median server time of each
main page ≤ 30 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import logging
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

DATA_VERSION = "bench-web-data-v2"  # change when the data set changes: the next run builds it again


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50, help="simulated users (each its own session)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a user's requests")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per configuration")
    parser.add_argument("--max-requests", type=int, default=20_000, help="stop a load run after this many")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers of the current configuration")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class of the current configuration")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DB_CONN_MAX_AGE of both gunicorn configurations (60: deploy/production.env.example)",
    )
    parser.add_argument("--rounds", type=int, default=15, help="profiled requests per page (median)")
    parser.add_argument("--stress", action="store_true", help="also run each configuration without think time")
    parser.add_argument("--skip-load", action="store_true", help="only the profile")
    parser.add_argument("--skip-baseline", action="store_true", help="no load run of the baseline")
    parser.add_argument("--sqlite", default=str(ROOT / "var" / "bench_web.sqlite3"), help="SQLite file")
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--seed", type=int, default=21)
    return parser.parse_args()


ARGS = _arguments()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ARGS.sqlite}")
# The gunicorn processes must sign and read the same sessions as this process.
os.environ.setdefault("SECRET_KEY", "bench-web-" + "x" * 50)
os.environ.setdefault("DEMO_PASSWORD", "bench-web-password")


def _create_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    admin = psycopg.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')  # a name from the operator's own URL


if os.environ["DATABASE_URL"].startswith("postgres"):
    _create_postgres_database(os.environ["DATABASE_URL"])
else:
    Path(ARGS.sqlite).parent.mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()
logging.getLogger("axes").setLevel(logging.WARNING)  # one log-in line per session otherwise
logging.getLogger("pressdesk.channels").setLevel(logging.WARNING)

import bench_matching as gen  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

ARCHIVE_WORDS = [
    "hastane",
    "aşı",
    "ambulans",
    "kızamık",
    "acil servis",
    "Gebze",
    "deprem",
    "yoğun bakım",
    "Saglik Mudurlugu",
    "organ bağışı",
]


# --------------------------------------------------------------------------- data


def _marker() -> Any:
    from pressdesk.organizations.models import Organization

    return Organization.objects.filter(code=DATA_VERSION).first()


def build() -> float:
    """The demo province, then the scaled-up content; nothing if this version is already there."""
    from pressdesk.organizations.models import Organization

    if _marker() is not None and not ARGS.rebuild:
        return 0.0
    if Organization.objects.filter(code__startswith="bench-web-data-").exists():
        raise SystemExit(
            "This database holds another version of the benchmark data: drop it "
            "(SQLite: delete the file; PostgreSQL: DROP DATABASE) and run again."
        )
    started = time.perf_counter()
    print("building the data set (demo_data, then bulk rows) …", flush=True)
    call_command("demo_data", quiet=True)
    rng = random.Random(ARGS.seed)
    with transaction.atomic():
        _users(rng)
        _stories_and_items(rng)
        _newsroom(rng)
        Organization.objects.create(
            code=DATA_VERSION, kind="unit", name=f"{ARGS.stories} stories, {ARGS.items} items", path="99999999/"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO monitoring_item_fts(monitoring_item_fts) VALUES ('optimize')")
    return time.perf_counter() - started


def _users(rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password

    from pressdesk.accounts.models import Role, User
    from pressdesk.organizations.models import Organization
    from pressdesk.tasks.models import Task

    unit = Organization.objects.get(code="koc-basin")
    head = User.objects.get(username="sorumlu")
    password = make_password(os.environ["DEMO_PASSWORD"])
    roles = [Role.STAFF] * 4 + [Role.UNIT_HEAD]
    users = User.objects.bulk_create(
        User(
            username=f"yuk{n:02d}",
            first_name="Yük",
            last_name=f"Deneme {n}",
            email=f"yuk{n:02d}@example.gov.tr",
            role=roles[n % len(roles)],
            organization=unit,
            password=password,
        )
        for n in range(1, ARGS.users + 1)
    )
    today = timezone.localdate()
    Task.objects.bulk_create(
        Task(
            title=f"Haftalık basın özeti {n}",
            description="Geçen haftanın haber özeti.",
            organization=unit,
            created_by=head,
            assignee=user,
            due_date=today + datetime.timedelta(days=rng.randint(-3, 10)),
            priority=rng.randint(1, 4),
        )
        for user in users
        for n in range(8)
    )


def _stories_and_items(rng: random.Random) -> None:
    from pressdesk.monitoring import bulk
    from pressdesk.monitoring.models import Item, Source, Story, StoryTriage, WatchTerm
    from pressdesk.organizations.models import Organization

    province = Organization.objects.get(code="koc-ism")
    sources = list(Source.objects.exclude(kind=Source.Kind.MANUAL).values_list("pk", "outlet_id"))
    terms = list(WatchTerm.objects.values_list("pk", "name"))
    now = timezone.now()
    story_rows = []
    relevances = []
    for n in range(ARGS.stories):
        last = now - datetime.timedelta(seconds=rng.randint(0, 120 * 86400))
        story_rows.append(
            Story(
                title=gen.sentence(rng, True)[:200],
                first_seen_at=last - datetime.timedelta(hours=rng.randint(0, 48)),
                last_seen_at=last,
                item_count=0,
            )
        )
        relevances.append(rng.choice(["unreviewed", "relevant", "irrelevant"]) if n % 3 else "unreviewed")
    stories = Story.objects.bulk_create(story_rows, batch_size=2000)
    # The province's triage (a story without a row reads as not reviewed there).
    StoryTriage.objects.bulk_create(
        (
            StoryTriage(story=story, province=province, relevance=relevance)
            for story, relevance in zip(stories, relevances, strict=True)
            if relevance != "unreviewed"
        ),
        batch_size=2000,
    )
    pool = [gen.sentence(rng, rng.random() < gen.HEALTH_SHARE) for _ in range(5000)]
    counts: dict[int, int] = defaultdict(int)
    batch = 5000
    started = time.perf_counter()
    for offset in range(0, ARGS.items, batch):
        items = []
        for n in range(offset, min(ARGS.items, offset + batch)):
            story = stories[n % len(stories)]
            source_id, outlet_id = sources[n % len(sources)]
            title = " ".join(rng.choice(pool).split()[: rng.randint(6, 12)])
            text = " ".join(rng.choices(pool, k=rng.randint(6, 12)))
            published = story.last_seen_at - datetime.timedelta(minutes=rng.randint(0, 600))
            url = f"https://www.{gen.SITES[n % len(gen.SITES)]}/haber/yuk-{n}"
            counts[story.pk] += 1
            items.append(
                Item(
                    source_id=source_id,
                    outlet_id=outlet_id,
                    url=url,
                    original_url=url,
                    guid=url,
                    identity_hash=f"{n:064x}",
                    title=title[:1000],
                    text=text,
                    published_at=published,
                    fetched_at=published,
                    story_id=story.pk,
                    matched=n % 3 == 0,
                )
            )
        bulk.insert_items(items)  # the ingest's own COPY / multi-row INSERT
        bulk.insert_matches(
            (item.pk, terms[i % len(terms)][0], "text", [[0, 5, terms[i % len(terms)][1]]])
            for i, item in enumerate(items)
            if item.matched
        )
        if (offset + batch) % 20_000 == 0:
            print(f"  {offset + batch:,} items, {time.perf_counter() - started:.0f} s", flush=True)
    by_count: dict[int, list[int]] = defaultdict(list)
    for pk, count in counts.items():
        by_count[count].append(pk)
    for count, pks in by_count.items():
        for start in range(0, len(pks), 900):
            Story.objects.filter(pk__in=pks[start : start + 900]).update(item_count=count)
    assert Item.objects.count() >= ARGS.items


def _newsroom(rng: random.Random) -> None:
    from pressdesk.accounts.models import User
    from pressdesk.organizations.models import Organization
    from pressdesk.publishing.models import NewsStory, Tag

    org = Organization.objects.get(code="koc-ism")
    author = User.objects.get(username="calisan")
    tags = list(Tag.objects.all()[:10]) or [Tag.objects.create(name=f"Etiket {n}") for n in range(10)]
    now = timezone.now()
    stories = NewsStory.objects.bulk_create(
        NewsStory(
            title=f"Aşı haftasında {n}. bilgilendirme etkinliği yapıldı",
            slug=f"asi-haftasinda-{n}",
            spot="İl Sağlık Müdürlüğü aşı haftasında vatandaşları bilgilendirdi.",
            body_html="<p>" + "Aşılar hayat kurtarır; çocukluk çağı aşıları ücretsizdir. " * 20 + "</p>",
            organization=org,
            created_by=author,
            status=NewsStory.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=n + 1),
        )
        for n in range(500)
    )
    through = NewsStory.tags.through
    through.objects.bulk_create(
        through(newsstory_id=s.pk, tag_id=tags[i % len(tags)].pk) for i, s in enumerate(stories)
    )


# --------------------------------------------------------------------------- pages


class Pages:
    """The URLs of the main pages; a page with several addresses picks one per request."""

    def __init__(self, rng: random.Random) -> None:
        from pressdesk.monitoring.models import Story
        from pressdesk.publishing.models import NewsStory

        recent = list(
            Story.objects.filter(item_count__gt=0).order_by("-last_seen_at").values_list("pk", flat=True)[:300]
        )
        published = [
            story.public_path()
            for story in NewsStory.objects.filter(status=NewsStory.Status.PUBLISHED).order_by("-published_at")[:100]
        ]
        self.rng = rng
        self.choices: dict[str, list[str]] = {
            "İşlerim": ["/my-work/"],
            "stories": ["/monitoring/"],
            "archive search": [f"/monitoring/archive/?q={_quote(word)}" for word in ARCHIVE_WORDS],
            "story": [f"/monitoring/stories/{pk}/" for pk in recent],
            "newsroom": ["/newsroom/"],
            "newsroom story": published,
        }
        self.names = list(self.choices)

    def url(self, name: str, index: int | None = None) -> str:
        """A random address of the page, or the ``index``-th (the profile's fixed order)."""
        choices = self.choices[name]
        return self.rng.choice(choices) if index is None else choices[index % len(choices)]


def _quote(value: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(value)


def _bench_users() -> list[Any]:
    from pressdesk.accounts.models import User

    return list(User.objects.filter(username__startswith="yuk").order_by("username")[: ARGS.users])


def _session_cookies(users: list[Any]) -> list[str]:
    """One logged-in session per simulated user (stored in the database, as a log-in would)."""
    from django.conf import settings
    from django.test import Client

    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    return cookies


# --------------------------------------------------------------------------- profile


def profile(pages: Pages, user: Any, *, fast: bool) -> dict[str, tuple[float, float, int]]:
    """Median server time (ms), CPU time of this thread (ms) and query count of each page.

    Through the test client in this process; the same addresses in the same order for both
    settings. On SQLite the CPU time includes the database's work (it runs in this thread),
    so it is the steadier figure on a loaded machine; on PostgreSQL the server's is not in it.
    """
    from django.core.cache import cache
    from django.db import connection as conn
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    with override_settings(WEB_FAST_PATHS=fast, ALLOWED_HOSTS=["*"]):
        cache.clear()
        client = Client()
        client.force_login(user)
        for name in pages.names:
            client.get(pages.url(name, 0))  # warm-up
            times, cpu, counts = [], [], []
            for n in range(ARGS.rounds):
                url = pages.url(name, n)
                with CaptureQueriesContext(conn) as captured:
                    started, started_cpu = time.perf_counter(), time.thread_time()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.thread_time() - started_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                counts.append(len(captured.captured_queries))
            results[name] = (statistics.median(times), statistics.median(cpu), int(statistics.median(counts)))
    return results


# --------------------------------------------------------------------------- load


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(*, fast: bool, workers: int, worker_class: str, threads: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = dict(
        os.environ,
        WEB_FAST_PATHS="1" if fast else "0",
        DB_CONN_MAX_AGE=str(ARGS.conn_max_age),
        DJANGO_SETTINGS_MODULE="pressdesk.settings",
        # Every simulated user comes from 127.0.0.1: the newsroom's per-address limit would
        # answer most of them 429 (cheap answers that flatter the figures).
        RATE_LIMIT_NEWSROOM_PER_MINUTE="0",
        RATE_LIMIT_NEWSROOM_FILES_PER_MINUTE="0",
    )
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "pressdesk.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    stop_gunicorn(process)
    raise SystemExit("gunicorn did not listen within 60 s")


def stop_gunicorn(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _get(port: int, path: str, cookie: str) -> tuple[int, int]:
    """One HTTP/1.1 GET on a new connection (what a sync worker allows); the status and body size."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nAccept-Language: tr\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, len(data)


async def _load(port: int, pages: Pages, cookies: list[str], think: float) -> dict[str, Any]:
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    sent = 0
    deadline = time.monotonic() + ARGS.duration

    async def user(index: int) -> None:
        nonlocal sent
        rng = random.Random(ARGS.seed * 1000 + index)
        await asyncio.sleep(rng.random() * max(think, 0.05))  # users do not all start at once
        order = pages.names[index % len(pages.names) :] + pages.names[: index % len(pages.names)]
        step = 0
        while time.monotonic() < deadline and sent < ARGS.max_requests:
            name = order[step % len(order)]
            step += 1
            sent += 1
            started = time.perf_counter()
            try:
                status, _size = await asyncio.wait_for(_get(port, pages.url(name), cookies[index]), timeout=30)
            except (OSError, TimeoutError):
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            if status == 200:
                samples[name].append(elapsed)
            else:
                errors[name] += 1
            if think:
                await asyncio.sleep(think * (0.5 + rng.random()))  # think time around the mean

    started = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(len(cookies))))
    return {"samples": samples, "errors": errors, "seconds": time.perf_counter() - started}


def _cpu_seconds(master: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's master and its workers, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def load_run(
    label: str,
    *,
    fast: bool,
    workers: int,
    worker_class: str,
    threads: int,
    think: float,
    cookies: list[str],
    pages: Pages,
) -> dict[str, float]:
    process, port = start_gunicorn(fast=fast, workers=workers, worker_class=worker_class, threads=threads)
    try:
        asyncio.run(_warm_up(port, pages, cookies))
        cpu_before = _cpu_seconds(process.pid)
        result = asyncio.run(_load(port, pages, cookies, think))
        cpu = _cpu_seconds(process.pid) - cpu_before
    finally:
        stop_gunicorn(process)
    samples, errors, seconds = result["samples"], result["errors"], result["seconds"]
    every = [value for values in samples.values() for value in values]
    config = f"{workers} {worker_class} workers" + (f" × {threads} threads" if worker_class == "gthread" else "")
    print(
        f"\n{label}: {config}, shortcuts {'on' if fast else 'off'}, {len(cookies)} users, "
        f"think {think:g} s, DB_CONN_MAX_AGE {ARGS.conn_max_age}, {seconds:.0f} s, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'page':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name in pages.names:
        values = samples.get(name, [])
        print(
            f"{name:<16}{len(values):>9}{len(values) / seconds:>8.1f}{percentile(values, 0.5):>9.0f}"
            f"{percentile(values, 0.95):>9.0f}{percentile(values, 0.99):>9.0f}{errors.get(name, 0):>8}"
        )
    total_errors = sum(errors.values())
    requests = len(every) + total_errors
    print(
        f"gunicorn CPU: {cpu:.1f} s for {requests} requests, {1000 * cpu / max(requests, 1):.1f} ms per request"
        + (" (the PostgreSQL server's time is not in it)" if connection.vendor == "postgresql" else "")
    )
    print(
        f"{'all':<16}{len(every):>9}{len(every) / seconds:>8.1f}{percentile(every, 0.5):>9.0f}"
        f"{percentile(every, 0.95):>9.0f}{percentile(every, 0.99):>9.0f}{total_errors:>8}",
        flush=True,
    )
    return {
        "rps": len(every) / seconds,
        "p95": percentile(every, 0.95),
        "errors": total_errors,
        "cpu_ms": 1000 * cpu / max(requests, 1),
    }


async def _warm_up(port: int, pages: Pages, cookies: list[str]) -> None:
    """Each page a few times, so that every worker has imported and connected before the clock starts."""
    for _ in range(3):
        await asyncio.gather(*(_get(port, pages.url(name), cookies[0]) for name in pages.names))


# --------------------------------------------------------------------------- main


def main() -> None:
    call_command("migrate", verbosity=0)
    build_s = build()
    from pressdesk.monitoring.models import Item, Story

    pages = Pages(random.Random(ARGS.seed))
    users = _bench_users()
    print(
        f"Web benchmark — {connection.vendor}, {Story.objects.count():,} stories, {Item.objects.count():,} items"
        + (f" (built in {build_s:.0f} s)" if build_s else " (reused)")
        + f", {len(users)} users; 2 shared cores, load average {os.getloadavg()[0]:.1f} at the start"
    )
    print(f"\nProfile: median of {ARGS.rounds} requests per page through the test client (server time, queries)")
    before = profile(pages, users[0], fast=False)
    after = profile(pages, users[0], fast=True)
    print(f"{'':<16}{'shortcuts off':^27}{'shortcuts on':^27}")
    print(f"{'page':<16}" + f"{'ms':>9}{'cpu ms':>9}{'queries':>9}" * 2)
    for name in pages.names:
        print(
            f"{name:<16}" + "".join(f"{row[0]:>9.1f}{row[1]:>9.1f}{row[2]:>9}" for row in (before[name], after[name]))
        )
    slowest = max(row[0] for row in after.values())
    verdict = "met" if slowest <= 30 else "NOT met"
    print(f"goal: median server time of each page ≤ 30 ms: {verdict} (slowest {slowest:.1f} ms)")
    connection.close()  # gunicorn's workers get their own connections; SQLite: no open transaction here
    if ARGS.skip_load:
        return
    cookies = _session_cookies(users)
    runs = []
    if not ARGS.skip_baseline:
        runs.append(("baseline", False, 4, "sync", 1))
    runs.append(("current", True, ARGS.workers, ARGS.worker_class, ARGS.threads))
    outcome = {}
    for label, fast, workers, worker_class, threads in runs:
        outcome[label] = load_run(
            label,
            fast=fast,
            workers=workers,
            worker_class=worker_class,
            threads=threads,
            think=ARGS.think,
            cookies=cookies,
            pages=pages,
        )
    if ARGS.stress:
        for label, fast, workers, worker_class, threads in runs:
            load_run(
                f"{label}, no think time",
                fast=fast,
                workers=workers,
                worker_class=worker_class,
                threads=threads,
                think=0,
                cookies=cookies,
                pages=pages,
            )
    current = outcome["current"]
    verdict = "met" if current["p95"] <= 250 else "NOT met"
    print(
        f"\ngoal: p95 ≤ 250 ms with {len(cookies)} users, think {ARGS.think:g} s: {verdict} ({current['p95']:.0f} ms)"
    )
    if "baseline" in outcome:
        base = outcome["baseline"]
        print(
            f"baseline: p95 {base['p95']:.0f} ms, {base['rps']:.1f} req/s, {base['cpu_ms']:.1f} CPU ms per request → "
            f"current: p95 {current['p95']:.0f} ms, {current['rps']:.1f} req/s, "
            f"{current['cpu_ms']:.1f} CPU ms per request"
        )


if __name__ == "__main__":
    main()
