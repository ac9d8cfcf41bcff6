"""X search: the province's watch terms compiled into the fewest API queries within the length limit.

Prints how many queries 500 realistic watch terms (``bench_matching.watch_terms``: hospitals,
institutions, people, topics, Boolean and proximity queries) take under each tier's length limit,
against the baseline of one query per term, and how full the queries are. Needs no database
or network.

    .venv/bin/python benchmarks/bench_x_queries.py [--terms 500] [--seed 1]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

import bench_matching as gen  # noqa: E402

from pressdesk.monitoring.sources import x  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    terms = [query for _pk, query in gen.watch_terms(random.Random(args.seed), args.terms)]
    translatable = [term for term in terms if x.translate_term(term)]
    print(
        f"X query packing — {len(terms)} watch terms ({len(terms) - len(translatable)} only exclusions, not searchable)"
    )
    print(
        f"{'tier limit':>10} {'queries':>8} {'baseline':>9} {'fewer':>7} {'mean length':>12} {'too long':>9} {'ms':>6}"
    )
    for limit in (512, 1024, 4096):
        started = time.perf_counter()
        queries = x.compile_queries(terms, limit=limit)
        elapsed = (time.perf_counter() - started) * 1000
        too_long = x.too_long_terms(terms, limit=limit)
        baseline = len(translatable)
        assert all(len(query) <= limit for query in queries)
        print(
            f"{limit:>10} {len(queries):>8} {baseline:>9} {baseline / max(1, len(queries)):>6.1f}× "
            f"{statistics.mean(len(q) for q in queries):>12.0f} {len(too_long):>9} {elapsed:>6.1f}"
        )
    lower_bound = -(-sum(len(x._grouped(x.translate_term(t))) + 4 for t in translatable) // (512 - len(x.QUERY_SUFFIX)))
    print(f"lower bound at 512 characters (total length / room per query): {lower_bound} queries")


if __name__ == "__main__":
    main()
