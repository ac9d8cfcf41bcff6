"""The training provider: records messages, sends nothing, reports every message delivered."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pressdesk.lib.sms import mask
from pressdesk.sms.providers.base import Accepted, Outgoing, Provider, Report

log = logging.getLogger(__name__)

# What the dry run "sent", in order (tests and training read it); bodies are not logged.
sent: list[Outgoing] = []
_jobs: dict[str, list[str]] = {}


class DryRunProvider(Provider):
    name = "dry_run"
    idempotent = True

    def send(self, messages: Sequence[Outgoing], *, key: str) -> Accepted:
        if key in _jobs:
            return Accepted(job_ref=f"dry-{key}", duplicate=True)
        sent.extend(messages)
        _jobs[key] = [m.number for m in messages]
        log.info("SMS dry run: %d messages (%s …)", len(messages), ", ".join(mask(m.number) for m in messages[:3]))
        return Accepted(job_ref=f"dry-{key}", message_refs={m.ref: f"dry-{key}-{m.ref}" for m in messages})

    def report(self, job_refs: Sequence[str]) -> list[Report]:
        reports = []
        for job in job_refs:
            for number in _jobs.get(job.removeprefix("dry-"), []):
                reports.append(Report(number=number, status="delivered", job_ref=job))
        return reports
