"""The training provider: records messages in the database outbox (``DryRunMessage``), sends nothing, reports
every recorded message delivered.

The outbox is a table, not process memory: the campaign page shows it, and the delivery report is read by
whichever worker runs ``fetch_reports`` (usually not the one that "sent"). A batch's key seen before is
answered as a duplicate, like Verimor's ``custom_id``. ``send`` runs inside the claim's transaction, so the
recorded messages commit together with the batch's sent state, or not at all."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pressdesk.lib.sms import mask
from pressdesk.sms.providers.base import Accepted, Outgoing, Provider, Report

log = logging.getLogger(__name__)

PREFIX = "dry-"


def sent() -> list[Outgoing]:
    """What the dry run "sent", in order (tests and training read it)."""
    from pressdesk.sms.models import DryRunMessage

    return [
        Outgoing(ref=str(recipient_id or ""), number=mobile, text=text)
        for recipient_id, mobile, text in DryRunMessage.objects.order_by("pk").values_list(
            "recipient_id", "mobile", "text"
        )
    ]


class DryRunProvider(Provider):
    name = "dry_run"
    idempotent = True

    def send(self, messages: Sequence[Outgoing], *, key: str) -> Accepted:
        from pressdesk.sms.models import DryRunMessage, Recipient

        job = f"{PREFIX}{key}"
        if DryRunMessage.objects.filter(key=key).exists():
            return Accepted(job_ref=job, duplicate=True)
        refs = [int(m.ref) for m in messages if m.ref.isdigit()]
        known = set(Recipient.objects.filter(pk__in=refs).values_list("pk", flat=True))
        DryRunMessage.objects.bulk_create(
            [
                DryRunMessage(
                    key=key,
                    recipient_id=int(m.ref) if m.ref.isdigit() and int(m.ref) in known else None,
                    mobile=m.number,
                    text=m.text,
                )
                for m in messages
            ],
            ignore_conflicts=True,
        )
        log.info("SMS dry run: %d messages (%s …)", len(messages), ", ".join(mask(m.number) for m in messages[:3]))
        return Accepted(job_ref=job, message_refs={m.ref: f"{job}-{m.ref}" for m in messages})

    def report(self, job_refs: Sequence[str]) -> list[Report]:
        from pressdesk.sms.models import DryRunMessage

        keys = {job.removeprefix(PREFIX): job for job in job_refs}
        rows = DryRunMessage.objects.filter(key__in=list(keys)).order_by("pk").values_list("key", "mobile")
        return [Report(number=mobile, status="delivered", job_ref=keys[key]) for key, mobile in rows]
