"""Background work for media monitoring: the polling tick and one poll per source."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from urllib.parse import urlsplit

from celery import shared_task
from django.db import OperationalError, transaction

from pressdesk.monitoring import actions, scheduling
from pressdesk.monitoring.models import Source

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=90,
    time_limit=120,
)
def poll_source(self, source_id: int) -> str | None:  # type: ignore[no-untyped-def]
    """Poll one source (idempotent: a second run finds nothing new). Fetch errors are recorded, not retried here."""
    url = Source.objects.filter(pk=source_id).values_list("url", flat=True).first()
    if url is None:
        return None  # deleted meanwhile
    host = urlsplit(url).hostname or ""
    if not scheduling.claim_host(host):
        # Another request to this host went out within the last second: come back shortly.
        raise self.retry(countdown=1 + random.random() * 2, max_retries=30)  # noqa: S311
    result = actions.poll_source(source_id=source_id)
    return result.outcome if result else None


def _enqueue(source_id: int) -> Callable[[], object]:
    return lambda: poll_source.delay(source_id)


@shared_task(soft_time_limit=60, time_limit=90)
def poll_due_sources(limit: int = 500) -> int:
    """The periodic tick: claim the due sources and enqueue one poll for each."""
    claimed = actions.claim_due_sources(limit=limit)
    for source_id in claimed:
        transaction.on_commit(_enqueue(source_id))
    if claimed:
        log.info("Enqueued %d source polls", len(claimed))
    return len(claimed)
