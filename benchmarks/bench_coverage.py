"""Coverage linking (issue 24, process 3.7.3): precision/recall on a labelled set, and its cost in ingest.

1. A labelled set built here: press releases (Turkish health news from the generator
   of bench_matching.py), several lightly edited agency copies of each (a new title,
   an agency dateline, a few words changed, a sentence dropped, two swapped, a local
   sentence and a source line added, sometimes typed without Turkish letters), and
   near-topic distractors (other health stories, some under the release's own title).
   ``mediarelations.coverage.find_links`` links copies to releases; printed with
   precision and recall against the labels. Goal: recall ≥ 95 %, no false link.
   The baseline in the same run is the watch-term way: a link when the item's title
   shares most words with the release's title.
2. Ingest throughput (bench_ingest.py's feeds through the real ``ingest_entries``)
   with the coverage receiver connected and disconnected, alternating, each run on
   fresh feeds, with ``--releases`` releases sent in the window. Goal: ≤ 5 % slower.

    .venv/bin/python benchmarks/bench_coverage.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_cov .venv/bin/python benchmarks/bench_coverage.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

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

DATELINES = ["KOCAELİ (AA) -", "KOCAELİ (İHA) -", "İZMİT (DHA) -", "Kocaeli -", ""]
LOCAL = [
    "Konuyla ilgili açıklama hastanenin sosyal medya hesabından da paylaşıldı.",
    "Vatandaşlar uygulamadan memnun olduklarını ifade etti.",
    "Muhabirimizin edindiği bilgiye göre çalışmalar önümüzdeki günlerde sürecek.",
]
_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU")


def release(rng: random.Random) -> tuple[str, str]:
    title = " ".join(gen.sentence(rng, True).split()[: rng.randint(6, 10)])
    body = " ".join(gen.sentence(rng, True) for _ in range(rng.randint(5, 10)))
    return title, body


def edited_copy(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    sentences = [s.strip() + "." for s in body.split(".") if s.strip()]
    if len(sentences) > 4 and rng.random() < 0.6:
        sentences.pop(rng.randrange(1, len(sentences)))
    if len(sentences) > 3 and rng.random() < 0.5:
        i, j = rng.sample(range(1, len(sentences)), 2)
        sentences[i], sentences[j] = sentences[j], sentences[i]
    words = " ".join(sentences).split()
    for _ in range(max(1, len(words) // 25)):  # about 4 % of the words changed
        words[rng.randrange(len(words))] = rng.choice(["ise", "de", "ayrıca", "bugün", "açıkladı", "belirtti"])
    text = " ".join([rng.choice(DATELINES), *words, rng.choice(LOCAL), f"Kaynak: {rng.choice(gen.SITES)}"])
    new_title = " ".join(rng.sample(title.split(), len(title.split())))
    if rng.random() < 0.1:
        text, new_title = text.translate(_ASCII), new_title.translate(_ASCII)
    return new_title, text


def distractor(rng: random.Random, title: str) -> tuple[str, str]:
    other_title, other_body = release(rng)
    return (title if rng.random() < 0.3 else other_title), other_body


def labelled(args: argparse.Namespace) -> None:
    from pressdesk.mediarelations import coverage
    from pressdesk.monitoring.clustering import signature

    rng = random.Random(args.seed)
    releases = [release(rng) for _ in range(args.releases)]
    found = [
        coverage.Candidate(r, signature(f"{t}\n{b}"), coverage.shingle_count(f"{t}\n{b}"), ())
        for r, (t, b) in enumerate(releases)
    ]
    items, truth = [], {}
    pk = 0
    for r, (t, b) in enumerate(releases):
        for _ in range(args.copies):
            title, text = edited_copy(rng, t, b)
            items.append(SimpleNamespace(pk=pk, title=title, text=text, signature=signature(f"{title}\n{text}")))
            truth[pk] = r
            pk += 1
        for _ in range(args.distractors):
            title, text = distractor(rng, t)
            items.append(SimpleNamespace(pk=pk, title=title, text=text, signature=signature(f"{title}\n{text}")))
            pk += 1
    t0 = time.perf_counter()
    links = coverage.find_links(items, found)
    elapsed = time.perf_counter() - t0
    linked = {(r, i) for r, i, _s, _k in links}
    expected = {(r, i) for i, r in truth.items()}
    tp = len(linked & expected)
    fp = len(linked - expected)
    shares = [k for r, i, _s, k in links if (r, i) in expected]

    # Baseline: a link when ≥ 60 % of the release title's words are in the item's title (folded).
    base = set()
    for item in items:
        words = set(coverage.fold(item.title).split())
        for r, (t, _b) in enumerate(releases):
            rel_words = set(coverage.fold(t).split())
            if rel_words and len(words & rel_words) / len(rel_words) >= 0.6:
                base.add((r, item.pk))
    btp, bfp = len(base & expected), len(base - expected)

    def pr(tp_: int, fp_: int) -> str:
        precision = tp_ / (tp_ + fp_) if tp_ + fp_ else 1.0
        return f"precision {precision:6.1%}  recall {tp_ / len(expected):6.1%}  false links {fp_}"

    print(
        f"Labelled set: {len(releases)} releases, {len(expected)} edited copies, "
        f"{len(items) - len(expected)} near-topic distractors (seed {args.seed})"
    )
    print(f"  coverage (MinHash ≥ {coverage.THRESHOLD}): {pr(tp, fp)}  ({elapsed * 1000:.0f} ms for all)")
    print(f"  baseline (title words):       {pr(btp, bfp)}")
    if shares:
        print(f"  share of text kept, found copies: median {statistics.median(shares):.0%}, min {min(shares):.0%}")
    print(f"  goal: recall ≥ 95 %, no false link → {'met' if tp / len(expected) >= 0.95 and fp == 0 else 'NOT met'}")


def throughput(args: argparse.Namespace) -> None:
    import bench_ingest

    from pressdesk.accounts.models import User
    from pressdesk.mediarelations import coverage
    from pressdesk.mediarelations.models import Release, ReleaseItem
    from pressdesk.monitoring import ingest, parsing
    from pressdesk.monitoring.clustering import signature
    from pressdesk.monitoring.models import Outlet, Source
    from pressdesk.monitoring.signals import items_ingested
    from pressdesk.organizations.models import Organization

    rng = random.Random(args.seed + 1)
    org = Organization.objects.create(code="bench", kind="provincial_directorate", name="Bench", path="00000001/")
    user = User.objects.create(username="bench", organization=org)
    now = timezone.now()
    for _n in range(args.releases):
        t, b = release(rng)
        rel = Release.objects.create(
            province=org, organization=org, title=t, status=Release.Status.SENT, sent_at=now, created_by=user
        )
        ReleaseItem.objects.create(
            release=rel, title=t, text=b, signature=signature(f"{t}\n{b}"), shingles=coverage.shingle_count(f"{t}\n{b}")
        )

    def source(name: str) -> Source:
        outlet = Outlet.objects.create(name=name, kind="news_site")
        return Source.objects.create(name=name, outlet=outlet, organization=org, url=f"https://{name}.example/rss")

    def run(label: str, feeds: list[bytes]) -> float:
        src = source(label)
        stories = ingest.RecentStories()
        cpu = 0.0
        for body in feeds:
            entries = parsing.parse_feed(body, content_type="application/rss+xml", fetched_at=now).entries
            start = time.process_time()
            ingest.ingest_entries(source=src, entries=entries, fetched_at=now, stories=stories)
            cpu += time.process_time() - start
        return cpu

    batch = 0

    def feeds() -> list[bytes]:
        nonlocal batch
        batch += 1
        return [bench_ingest.make_feed(rng, args.entries, batch * 100 + b) for b in range(args.batches)]

    run("warmup", feeds()[:1])
    on, off = [], []
    entries = args.entries * args.batches
    for r in range(args.repeat):
        for connected in (True, False) if r % 2 == 0 else (False, True):
            if connected:
                items_ingested.connect(coverage.on_items_ingested, dispatch_uid="mediarelations-coverage")
            else:
                items_ingested.disconnect(dispatch_uid="mediarelations-coverage")
            (on if connected else off).append(run(f"{'on' if connected else 'off'}-{r}", feeds()))
    items_ingested.connect(coverage.on_items_ingested, dispatch_uid="mediarelations-coverage")
    m_on, m_off = statistics.median(on), statistics.median(off)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Ingest ({engine}, {entries} entries per run, {args.releases} releases in the window, "
        f"median of {args.repeat}, CPU of this process):"
    )
    print(f"  without the coverage receiver: {entries / m_off:7.0f} entries/s")
    print(f"  with the coverage receiver:    {entries / m_on:7.0f} entries/s  ({(m_on / m_off - 1):+.1%} time)")
    print(f"  goal: ≤ 5 % slower → {'met' if m_on / m_off - 1 <= 0.05 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--releases", type=int, default=60)
    parser.add_argument("--copies", type=int, default=4, help="edited copies per release")
    parser.add_argument("--distractors", type=int, default=6, help="near-topic distractors per release")
    parser.add_argument("--entries", type=int, default=500, help="entries per feed (throughput)")
    parser.add_argument("--batches", type=int, default=2, help="feeds per run (throughput)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-ingest", action="store_true", help="only the labelled set")
    args = parser.parse_args()
    labelled(args)
    if args.no_ingest:
        return
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(os.environ["PRESSDESK_VAR_DIR"]) / "bench.sqlite3")
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        throughput(args)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
