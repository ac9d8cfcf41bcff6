"""Archive search latency over a large archive: full-text index against the naive LIKE scan.

Builds (once; reused while it holds ``--items`` rows) an archive of realistic Turkish
news items (the generator of bench_matching.py: health and general news, inflected
names, 10 % typed without Turkish letters), then times the first page of 25 results
the way the archive view gets it — capped count, page query with outlet/source/story
joined and matches prefetched, highlighting — for a mix of queries: words with
suffixes, phrases, ASCII-typed words, date and source filters, sorted by date and by
relevance. In the same run a naive baseline — the archive code before full-text search
(each word's Turkish spellings with ``icontains`` on title and text, exact count) —
answers the first ``--baseline-queries`` queries once each (it scans the whole table).

    # PostgreSQL (database created if missing; the build takes several minutes for 1,000,000 items)
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_archive .venv/bin/python benchmarks/bench_archive.py
    # SQLite (a file, default var/bench_archive.sqlite3)
    .venv/bin/python benchmarks/bench_archive.py --items 100000

Goal: p95 ≤ 200 ms on PostgreSQL over 1,000,000 items.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="archive size (default 1,000,000)")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each query (after one warm-up)")
    parser.add_argument("--baseline-queries", type=int, default=6, help="queries answered by the naive scan")
    parser.add_argument(
        "--sqlite", default=str(ROOT / "var" / "bench_archive.sqlite3"), help="SQLite file when no DATABASE_URL"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the archive again even if it is there")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


ARGS = _arguments()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ARGS.sqlite}")


WORK_MEM = "64MB"


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
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')  # a name from the operator's own URL
        # As recommended in docs/monitoring.md: bitmaps of common words stay exact (not lossy).
        admin.execute(f"ALTER DATABASE \"{db['NAME']}\" SET work_mem = '{WORK_MEM}'")


if os.environ["DATABASE_URL"].startswith("postgres"):
    _create_postgres_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

import bench_matching as gen  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

# --------------------------------------------------------------------------- build

COLUMNS = (
    "source_id",
    "outlet_id",
    "url",
    "original_url",
    "guid",
    "identity_hash",
    "title_hash",
    "title",
    "summary_html",
    "text",
    "image_url",
    "published_at",
    "fetched_at",
    "signature",
    "matched",
    "sentiment_suggested",
)


class Corpus:
    """Items composed from a pool of generated sentences: realistic words, fast to make a million of."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.health = [gen.sentence(rng, True) for _ in range(20000)]
        self.general = [gen.sentence(rng, False) for _ in range(20000)]
        self.ascii = str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU")

    def item(self) -> tuple[str, str]:
        rng = self.rng
        health = rng.random() < gen.HEALTH_SHARE
        pool = self.health if health else self.general
        title = " ".join(rng.choice(pool).split()[: rng.randint(6, 12)])
        body = rng.choices(pool, k=rng.randint(6, 14))
        if not health and rng.random() < 0.3:
            body.insert(1, rng.choice(self.health))
        text = " ".join([*body, rng.choice(gen.BOILERPLATE)])
        if rng.random() < 0.1:
            text = text.translate(self.ascii)
        if rng.random() < 0.05:
            title = title.upper()
        return title, text


def _sources() -> list[tuple[int, int]]:
    from pressdesk.monitoring.models import Outlet, Source
    from pressdesk.organizations.models import Organization

    org, _ = Organization.objects.get_or_create(
        code="bench-archive", defaults={"kind": "provincial_directorate", "name": "Bench", "path": "00000099/"}
    )
    if not Source.objects.filter(organization=org).exists():
        kinds = [kind for kind, _label in Outlet.Kind.choices]
        for n, site in enumerate(gen.SITES * 20):
            outlet = Outlet.objects.create(name=f"{site} {n}", kind=kinds[n % len(kinds)], province="Kocaeli")
            Source.objects.create(name=f"{site} {n}", outlet=outlet, organization=org, url=f"https://{site}/rss{n}")
    return list(Source.objects.filter(organization=org).values_list("pk", "outlet_id"))


def _rows(count: int, sources: list[tuple[int, int]], rng: random.Random, start: int):  # type: ignore[no-untyped-def]
    corpus = Corpus(rng)
    now = timezone.now()
    for n in range(start, start + count):
        source_id, outlet_id = sources[n % len(sources)]
        title, text = corpus.item()
        published = now - datetime.timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
        url = f"https://www.{gen.SITES[n % len(gen.SITES)]}/haber/{n}"
        yield (source_id, outlet_id, url, url, url, f"{n:064x}", "", title, "", text, "", published, published, b"")


def build(count: int) -> float:
    from pressdesk.monitoring.models import Item

    rng = random.Random(ARGS.seed)
    sources = _sources()
    have = Item.objects.count()
    if have >= count and not ARGS.rebuild:
        return 0.0
    started = time.perf_counter()
    if have:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("TRUNCATE monitoring_item CASCADE")
            else:
                cursor.execute("DELETE FROM monitoring_itemmatch")
                cursor.execute("DELETE FROM monitoring_item")
    print(f"building {count:,} items …", flush=True)
    columns = COLUMNS[:14]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS monitoring_item_search_gin")
            raw = cursor.cursor  # psycopg 3
            with raw.copy(
                f"COPY monitoring_item ({', '.join(columns)}, matched, sentiment_suggested) FROM STDIN"
            ) as copy:
                for done, row in enumerate(_rows(count, sources, rng, 0), start=1):
                    copy.write_row((*row, False, ""))
                    if done % 100_000 == 0:
                        print(f"  {done:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
            print("  GIN index …", flush=True)
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute("CREATE INDEX monitoring_item_search_gin ON monitoring_item USING gin (search_vector)")
            cursor.execute("VACUUM ANALYZE monitoring_item")
    else:
        placeholders = ", ".join(["%s"] * (len(columns) + 2))
        sql = (
            f"INSERT INTO monitoring_item ({', '.join(columns)}, matched, sentiment_suggested) VALUES ({placeholders})"  # noqa: S608
        )
        rows = _rows(count, sources, rng, 0)
        batch = 20_000
        for offset in range(0, count, batch):
            chunk = [(*row, False, "") for _, row in zip(range(batch), rows, strict=False)]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, chunk)
            if (offset + batch) % 100_000 == 0:
                print(f"  {offset + batch:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO monitoring_item_fts(monitoring_item_fts) VALUES ('optimize')")
    return time.perf_counter() - started


# --------------------------------------------------------------------------- queries


def query_mix(sources: list[tuple[int, int]]) -> list[tuple[str, dict[str, Any]]]:
    today = timezone.localdate()
    month = today - datetime.timedelta(days=30)
    source = sources[3][0]
    return [
        ("word with suffix", {"q": "hastanesinde"}),
        ("phrase", {"q": '"Kocaeli Şehir Hastanesi"'}),
        ("ASCII-typed", {"q": "Saglik Mudurlugu"}),
        ("topic word", {"q": "kızamık"}),
        ("name + topic", {"q": "Gölcük ambulans"}),
        ("apostrophe", {"q": "Gebze'de"}),
        ("word, relevance", {"q": "aşı", "sort": "relevance"}),
        ("phrase, relevance", {"q": '"İl Sağlık Müdürlüğü"', "sort": "relevance"}),
        ("ASCII, relevance", {"q": "kan bagisi", "sort": "relevance"}),
        ("word, last 30 days", {"q": "deprem", "date_from": month}),
        ("word, one source", {"q": "yoğun bakım", "source": source}),
        ("topic, 30 days, relevance", {"q": "kızamık", "date_from": month, "sort": "relevance"}),
        ("phrase, source, relevance", {"q": '"acil servis"', "source": source, "sort": "relevance"}),
        ("OR and NOT", {"q": "(ambulans OR 112) -kaza"}),
        ("title only", {"q": "title:hastane"}),
        ("common word", {"q": "açıklama"}),
    ]


def first_page(user: Any, filters: dict[str, Any]) -> tuple[int, int]:
    """What the archive view does for page 1, without the template."""
    from pressdesk.monitoring import fulltext, queries
    from pressdesk.monitoring.models import Source

    filters = dict(filters)
    if "source" in filters:
        filters["source"] = Source(pk=filters["source"])
    search = fulltext.parse(filters.get("q", ""))
    paginator = queries.CappedPaginator(
        queries.archive_items(user, filters, search=search), 25, rows_for=queries.archive_rows
    )
    page = paginator.get_page(1)
    items = list(page.object_list)
    tokens = search.positive_tokens()
    for item in items:
        list(item.matches.all())
        fulltext.highlight_hits(item.title, tokens, "title")
        fulltext.highlight_hits(item.text, tokens, "text")
    return paginator.count, len(items)


def naive_page(user: Any, filters: dict[str, Any]) -> tuple[int, int]:
    """The archive before full-text search: icontains of each word's spellings, exact count."""
    from django.core.paginator import Paginator
    from django.db.models import Case, IntegerField, Value, When

    from pressdesk.lib.search import words_q
    from pressdesk.monitoring import queries

    items = queries.items_visible_to(user)
    text = filters["q"].replace('"', "")
    items = items.filter(words_q(text, ["title", "text"]))
    if filters.get("date_from"):
        items = items.filter(published_at__date__gte=filters["date_from"])
    if filters.get("source"):
        items = items.filter(source_id=filters["source"])
    if filters.get("sort") == "relevance":
        items = items.annotate(
            in_title=Case(When(words_q(text, ["title"]), then=Value(1)), default=Value(0), output_field=IntegerField())
        ).order_by("-in_title", "-published_at", "-pk")
    else:
        items = items.order_by("-published_at", "-pk")
    paginator = Paginator(items.select_related("outlet", "source"), 25)
    page = paginator.get_page(1)
    return paginator.count, len(list(page.object_list))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    from pressdesk.accounts.models import User

    call_command("migrate", verbosity=0)
    build_s = build(ARGS.items)
    from pressdesk.monitoring.models import Item

    total = Item.objects.count()
    sources = _sources()
    user, _ = User.objects.get_or_create(username="bench-archive-admin", defaults={"is_superuser": True})
    if not user.is_admin:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    mix = query_mix(sources)
    vendor = connection.vendor
    print(
        f"Archive search benchmark — {vendor}, {total:,} items"
        + (f" (built in {build_s:.0f} s)" if build_s else " (reused)")
        + f", {len(mix)} queries × {ARGS.rounds} runs after a warm-up; 2 shared cores, other work running"
        + (f"; work_mem {WORK_MEM}" if vendor == "postgresql" else "")
    )
    timings: list[float] = []
    print(f"{'query':<28}{'found':>8}{'median ms':>11}{'max ms':>9}")
    for label, filters in mix:
        first_page(user, filters)  # warm-up
        runs = []
        for _ in range(ARGS.rounds):
            started = time.perf_counter()
            found, _shown = first_page(user, filters)
            runs.append((time.perf_counter() - started) * 1000)
        timings.extend(runs)
        print(f"{label:<28}{found:>8}{statistics.median(runs):>11.1f}{max(runs):>9.1f}", flush=True)
    print(f"full-text: p50 {percentile(timings, 0.5):.0f} ms, p95 {percentile(timings, 0.95):.0f} ms")

    baseline: list[float] = []
    for label, filters in mix[: ARGS.baseline_queries]:
        started = time.perf_counter()
        found, _shown = naive_page(user, filters)
        baseline.append((time.perf_counter() - started) * 1000)
        print(f"baseline {label:<19}{found:>8}{baseline[-1]:>11.0f}", flush=True)
    if baseline:
        print(
            f"naive LIKE scan ({len(baseline)} queries, once each): p50 {percentile(baseline, 0.5):.0f} ms, "
            f"p95 {percentile(baseline, 0.95):.0f} ms"
        )
        print(f"full-text is {statistics.median(baseline) / statistics.median(timings):.0f}x faster at the median")
    goal = percentile(timings, 0.95) <= 200
    print(f"goal p95 ≤ 200 ms{' (PostgreSQL)' if vendor == 'postgresql' else ''}: {'met' if goal else 'NOT met'}")


if __name__ == "__main__":
    main()
