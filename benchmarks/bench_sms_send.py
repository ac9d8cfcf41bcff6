"""Sending a 10,000-recipient campaign to a fake Verimor server on 127.0.0.1 (issue 29, figure 2, partly).

One process does what one worker does (``actions.send_campaign``: claim a batch, send it, record it, the
shared token bucket before each request) against ``pressdesk/testing/fake_sms.FakeVerimor`` in a thread of
the same process; prints the wall time, the process CPU (the fake server's thread included, so an upper
bound for the worker) and what the server received (duplicates, missing).

    .venv/bin/python benchmarks/bench_sms_send.py
    .venv/bin/python benchmarks/bench_sms_send.py --rate 150     # Verimor's limit: about 40 s for 100 requests

Not measured here: two worker processes sharing the bucket (the issue's figure).
"""

from __future__ import annotations

import argparse
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


def run(count: int, rate: int) -> None:
    from bench_sms_prepare import TEXT, populate

    from pressdesk.sms import actions
    from pressdesk.sms.models import Campaign, RateBucket
    from pressdesk.testing.fake_sms import FakeVerimor

    province = populate(count)
    campaign = Campaign.objects.create(
        province=province.directorate, organization=province.unit, title="Bayram", kind="greeting", text=TEXT,
        groups=["everyone"], created_by=province.staff, provider="verimor",
    )  # fmt: skip
    actions._freeze_recipients(campaign)
    batches = actions._write_batches(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING, started_at=timezone.now())
    with FakeVerimor() as fake:
        settings.SMS_VERIMOR_URL, settings.SMS_ALLOW_HOSTS = fake.url, ["127.0.0.1"]
        settings.SMS_VERIMOR_USERNAME, settings.SMS_VERIMOR_PASSWORD, settings.SMS_SENDER = "u", "p", "ISM"
        settings.SMS_RATE_PER_MINUTE = rate
        RateBucket.objects.create(provider="verimor", tokens=1, updated_at=timezone.now())  # start nearly empty
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = actions.send_campaign(campaign.pk)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    counts = fake.counts()
    print(f"outcome: {outcome}; {batches} batches, {len(fake.requests)} requests, rate limit {rate}/min")
    print(f"messages received: {sum(counts.values())}, distinct numbers: {len(counts)}, duplicates: "
          f"{sum(n - 1 for n in counts.values())}, missing: {count - len(counts)}")  # fmt: skip
    print(f"wall {wall:.1f} s, process CPU {cpu:.1f} s ({100 * cpu / wall:.0f} % of one core)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=150, help="requests per minute (Verimor: 150)")
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.count, args.rate)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
