"""Asset library search: the first page of 24 (count + rows, as the library view gets them: no total count)
over 100,000 assets, p50/p95 over realistic queries (Turkish words typed with or without
Turkish letters, kind and date filters), against the naive baseline: ``lib/search.words_q``
``icontains`` over the asset's text fields in every Turkish spelling, paginated with a count.

    .venv/bin/python benchmarks/bench_assets.py [--assets 100000] [--repeat 5]
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_assets .venv/bin/python benchmarks/bench_assets.py

Goal: p95 ≤ 200 ms for the current search.
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

from django.core.paginator import Paginator  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

WORDS = [
    "aşı",
    "kampanya",
    "açılış",
    "hastane",
    "ışık",
    "İzmit",
    "Gebze",
    "ziyaret",
    "sağlık",
    "haftası",
    "kan",
    "bağışı",
    "emzirme",
    "diyabet",
    "kanser",
    "farkındalık",
    "ilçe",
    "müdür",
    "toplantı",
    "eğitim",
    "çocuk",
    "yaşlı",
    "ağız",
    "diş",
    "organ",
    "tütün",
    "obezite",
    "hemşire",
    "ebe",
    "eczacı",
    "acil",
    "ambulans",
]
QUERIES = [
    ({"text": "aşı"}, "aşı"),
    ({"text": "ASI KAMPANYA"}, "ASI KAMPANYA (ASCII, upper)"),
    ({"text": "ışık"}, "ışık"),
    ({"text": "İZMİT açılış"}, "İZMİT açılış"),
    ({"text": "kan bağışı", "kind": "photo"}, "kan bağışı + kind"),
    ({"text": "farkındalık", "date_from": datetime.date(2025, 1, 1)}, "farkındalık + date"),
    ({"text": "yenidoğan"}, "yenidoğan (no match)"),
    ({"kind": "logo"}, "kind only"),
    ({}, "everything"),
    ({"text": "diş"}, "diş"),
]


def build(province, count: int) -> None:
    from pressdesk.creative.actions import _search_text
    from pressdesk.creative.models import Asset

    rng = random.Random(28)
    orgs = [province.directorate, province.hospital, province.other_hospital, province.other_presidency]
    kinds = ["photo", "photo", "photo", "final", "logo", "template", "video"]
    batch = []
    start = datetime.date(2023, 1, 1)
    for index in range(count):
        org = orgs[index % len(orgs)]
        title = " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()
        asset = Asset(
            organization=org,
            kind=rng.choice(kinds),
            title=title,
            description=" ".join(rng.choice(WORDS) for _ in range(12)),
            tags=", ".join(rng.sample(WORDS, 3)),
            event=" ".join(rng.choice(WORDS) for _ in range(2)),
            taken_on=start + datetime.timedelta(days=index % 1400),
            credit="Basın birimi",
            file=f"creative/assets/bench/{index}.jpg",
            name=f"{index}.jpg",
            content_type="image/jpeg",
            rendition_status="done",
            created_by=province.staff,
        )
        asset.search_text = _search_text(asset)
        batch.append(asset)
        if len(batch) == 5000:
            Asset.objects.bulk_create(batch)
            batch = []
    Asset.objects.bulk_create(batch)


def first_page(qs) -> int:  # type: ignore[no-untyped-def]
    """The library view: 24 rows and one more (is there a next page?), no total count."""
    return len(list(qs[:25]))


def first_page_counted(qs) -> int:  # type: ignore[no-untyped-def]
    """The baseline: Django's paginator, which counts every match."""
    page = Paginator(qs, 24).get_page(1)
    return len(list(page.object_list)) + 0 * page.paginator.count


def baseline_qs(user, text: str = "", kind: str = "", date_from=None):  # type: ignore[no-untyped-def]
    from pressdesk.creative import queries
    from pressdesk.lib.search import words_q

    qs = queries.assets_visible_to(user).select_related("organization")
    if text:
        qs = qs.filter(words_q(text, ["title", "description", "tags", "event", "credit", "organization__name"]))
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(taken_on__gte=date_from)
    return qs.order_by("-created_at", "-pk")


def measure(label: str, make, user, repeat: int, fetch=first_page) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for params, _name in QUERIES:
        for _ in range(repeat):
            began = time.perf_counter()
            fetch(make(user, **params))
            times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{label:<40} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   max {times[-1]:8.1f} ms")
    return [p50, p95]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        from django.db import connection

        from pressdesk.creative import queries
        from pressdesk.testing.factories import Province

        province = Province()
        began = time.perf_counter()
        build(province, args.assets)
        print(f"{connection.vendor}: {args.assets:,} assets built in {time.perf_counter() - began:.0f} s")
        user = province.staff

        def current(user, text: str = "", kind: str = "", date_from=None):  # type: ignore[no-untyped-def]
            return queries.search_assets(user, text=text, kind=kind, date_from=date_from)

        base = measure("baseline (words_q icontains, counted)", baseline_qs, user, args.repeat, first_page_counted)
        now = measure("current (folded search column)", current, user, args.repeat)
        print(f"speed-up at p95: {base[1] / now[1]:.1f}×   goal p95 ≤ 200 ms: {'met' if now[1] <= 200 else 'NOT met'}")
    finally:
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()
