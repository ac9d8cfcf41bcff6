"""Sending a 10,000-recipient campaign to a fake Verimor server on 127.0.0.1 (issue 29, figure 2).

Each worker is a separate process (forked after the data is written) doing what a Celery worker does with
``tasks.send_campaign``: ``actions.send_campaign`` claims a batch, takes a token from the provider's bucket
shared through the database, sends, records. The fake server (``pressdesk/testing/fake_sms.FakeVerimor``)
runs in a thread of the parent process and counts what it received. With ``--workers 2`` the same run first
sends one campaign with one worker (the baseline), then another with two workers sending the same campaign
at once (as when the beat queues a stalled campaign again while its first task still runs): the bucket is
shared, so the throughput cannot exceed the provider's limit, and nothing may be sent twice or lost
(figures and their reading in docs/sms.md).

Printed per run: wall time, messages per second, each worker's CPU time and share of one core, requests,
messages received, duplicates, missing.

    .venv/bin/python benchmarks/bench_sms_send.py                      # one worker, Verimor's 150/min
    .venv/bin/python benchmarks/bench_sms_send.py --workers 2          # one-worker baseline, then two
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_sms_send.py --workers 2

On SQLite the test database is a file (workers are separate processes).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
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

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def _worker(campaign_id: int, results) -> None:  # type: ignore[no-untyped-def]
    """One worker process: send the campaign's pending batches, report its CPU time."""
    from django.db import connections

    from pressdesk.sms import actions

    cpu, wall = time.process_time(), time.perf_counter()
    outcome = actions.send_campaign(campaign_id)
    results.put((os.getpid(), outcome, time.process_time() - cpu, time.perf_counter() - wall))
    connections.close_all()


def new_campaign(province, title: str) -> int:  # type: ignore[no-untyped-def]
    from bench_sms_prepare import TEXT

    from pressdesk.sms import actions
    from pressdesk.sms.models import Campaign

    campaign = Campaign.objects.create(
        province=province.directorate, organization=province.unit, title=title, kind="greeting", text=TEXT,
        groups=["everyone"], created_by=province.staff, provider="verimor",
    )  # fmt: skip
    actions._freeze_recipients(campaign)
    actions._write_batches(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING, started_at=timezone.now())
    return campaign.pk


def send(fake, campaign_id: int, workers: int, count: int, rate: int) -> None:  # type: ignore[no-untyped-def]
    from django.db import connections

    from pressdesk.sms.models import Batch, RateBucket

    RateBucket.objects.update_or_create(
        provider="verimor", defaults={"tokens": 1, "updated_at": timezone.now()}
    )  # start nearly empty
    fake.received.clear()
    fake.requests.clear()
    connections.close_all()  # each forked worker opens its own connection
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=_worker, args=(campaign_id, results)) for _ in range(workers)]
    wall = time.perf_counter()
    for process in processes:
        process.start()
    answers = [results.get() for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - wall
    counts = fake.counts()
    received = sum(counts.values())
    batches = Batch.objects.filter(campaign_id=campaign_id).count()
    print(f"{workers} worker(s): {batches} batches, {len(fake.requests)} requests, rate limit {rate}/min")
    print(f"  messages received: {received}, distinct numbers: {len(counts)}, duplicates: "
          f"{sum(n - 1 for n in counts.values())}, missing: {count - len(counts)}")  # fmt: skip
    print(f"  wall {wall:.1f} s, throughput {received / wall:.0f} messages/s ({len(fake.requests) / wall * 60:.0f}"
          " requests/min)")  # fmt: skip
    for pid, outcome, cpu, took in answers:
        print(f"  worker {pid}: {outcome}, CPU {cpu:.1f} s in {took:.1f} s = {100 * cpu / took:.0f} % of one core")


def run(count: int, rate: int, workers: int) -> None:
    from bench_sms_prepare import populate

    from pressdesk.testing.fake_sms import FakeVerimor

    province = populate(count)
    settings.SMS_RATE_PER_MINUTE = rate
    with FakeVerimor() as fake:
        settings.SMS_VERIMOR_URL, settings.SMS_ALLOW_HOSTS = fake.url, ["127.0.0.1"]
        settings.SMS_VERIMOR_USERNAME, settings.SMS_VERIMOR_PASSWORD, settings.SMS_SENDER = "u", "p", "ISM"
        runs = [1, workers] if workers > 1 else [1]
        campaigns = [new_campaign(province, f"Bayram {n}") for n in range(len(runs))]
        for campaign_id, number in zip(campaigns, runs, strict=True):
            send(fake, campaign_id, number, count, rate)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=150, help="requests per minute (Verimor: 150)")
    parser.add_argument("--workers", type=int, default=1, help="2: a one-worker baseline, then two workers")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # one line per batch would drown the figures
    database = settings.DATABASES["default"]
    if "sqlite" in database["ENGINE"]:  # worker processes need a database they can all open
        database.setdefault("TEST", {})["NAME"] = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.count, args.rate, args.workers)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
