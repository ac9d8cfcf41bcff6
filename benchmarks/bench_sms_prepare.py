"""Preparing a 10,000-recipient personalised SMS campaign (issue 29, figure 1).

Resolving the groups (the staff list and the users of the province), removing
duplicates, rendering {ad}/{unvan}/{kurum}, counting segments and writing the
recipient rows and batches, as ``sms.actions`` does on submission and start,
against a per-recipient ORM baseline in the same run (one query per contact
for its institution, one INSERT per recipient, one UPDATE per batch member).

    .venv/bin/python benchmarks/bench_sms_prepare.py            # SQLite in memory
    .venv/bin/python benchmarks/bench_sms_prepare.py --count 2000

Goal: ≤ 5 s for 10,000 recipients on this machine.
"""

from __future__ import annotations

import argparse
import os
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

from django.db import transaction  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

TEXT = "Sayın {unvan} {ad}, Ramazan Bayramınızı kutlar, {kurum} ailesine sağlık ve huzur dileriz. İl Sağlık Müdürlüğü"


def populate(count: int):  # type: ignore[no-untyped-def]
    from pressdesk.sms.models import Contact
    from pressdesk.testing.factories import Province

    province = Province()
    institutions = [province.hospital, province.other_hospital, province.emergency]
    Contact.objects.bulk_create(
        [
            Contact(
                province=province.directorate,
                organization=institutions[n % 3],
                name=f"Personel {n:05d} Yılmaz",
                title="Hemşire" if n % 7 else "Başhekim",
                position="chief_physician" if n % 7 == 0 else "staff",
                mobile=f"+90532{n:07d}",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    return province


def baseline(campaign) -> float:  # type: ignore[no-untyped-def]
    """One contact at a time through the ORM."""
    from pressdesk.sms import encoding, templates_text
    from pressdesk.sms.models import Batch, Contact, Recipient

    start = time.perf_counter()
    with transaction.atomic():
        seen = set()
        number = 0
        batch = None
        for contact_id in Contact.objects.filter(province=campaign.province).values_list("pk", flat=True):
            contact = Contact.objects.get(pk=contact_id)
            if contact.mobile in seen or contact.opted_out:
                continue
            seen.add(contact.mobile)
            values = {"name": contact.name, "title": contact.title, "institution": contact.organization.name}
            text = templates_text.render(campaign.text, values)
            if number % 100 == 0:
                batch = Batch.objects.create(campaign=campaign, number=number // 100 + 1)
            Recipient.objects.create(
                campaign=campaign, contact=contact, name=contact.name, mobile=contact.mobile, text=text,
                parts=encoding.count(text).parts, batch=batch,
            )  # fmt: skip
            number += 1
        transaction.set_rollback(True)
    return time.perf_counter() - start


def current(campaign) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    from pressdesk.sms import actions

    start = time.perf_counter()
    with transaction.atomic():
        count = actions._freeze_recipients(campaign)
        batches = actions._write_batches(campaign)
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    assert batches == (count + 99) // 100
    return elapsed, count


def run(count: int, with_baseline: bool = True) -> None:
    from pressdesk.sms.models import Campaign

    province = populate(count)
    campaign = Campaign.objects.create(
        province=province.directorate, organization=province.unit, title="Bayram", kind="greeting", text=TEXT,
        groups=["everyone", f"org:{province.hospital.pk}", "chief_physicians"], created_by=province.staff,
    )  # fmt: skip
    took, recipients = current(campaign)
    print(f"recipients: {recipients}")
    print(f"current (resolve, de-duplicate, render, count, write rows and batches): {took:.2f} s")
    if with_baseline:
        slow = baseline(campaign)
        print(f"per-recipient ORM baseline: {slow:.2f} s ({slow / took:.1f}× slower)")
    print("goal ≤ 5 s:", "met" if took <= 5 else "NOT met")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--no-baseline", action="store_true", help="measure only the current code")
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.count, with_baseline=not args.no_baseline)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
