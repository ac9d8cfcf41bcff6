"""Background work for media monitoring: the polling tick, batches of polls, and one poll per source.

The tick (``poll_due_sources``, every minute) claims the due sources and
enqueues ``poll_sources`` batches; each batch fetches concurrently with
per-host politeness and ingests serially (``polling.poll_sources``).
``poll_source`` polls one source (the "poll now" button, other callers).
"""

from __future__ import annotations

import logging
import random
import time
from urllib.parse import urlsplit

from celery import shared_task
from django.db import OperationalError

from pressdesk.monitoring import actions, polling, scheduling
from pressdesk.monitoring.models import Source
from pressdesk.outbox.actions import enqueue

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
    result = polling.poll_source(source_id=source_id)
    return result.outcome if result else None


POLL_BATCH_SIZE = 500  # sources per poll_sources task
POLL_SOFT_TIME_LIMIT = 300
# No fetch starts later than this before the soft limit: a fetch lasts at most
# fetching.DEADLINE (30 s), and the ingest of what is in flight needs the rest.
POLL_DEADLINE_MARGIN = 75


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=POLL_SOFT_TIME_LIMIT,
    time_limit=POLL_SOFT_TIME_LIMIT + 60,
)
def poll_sources(source_ids: list[int]) -> dict[str, int]:
    """Poll a batch of claimed sources: concurrent fetches, per-host politeness, serial ingest.

    Idempotent: polling a source twice sends a conditional GET and finds
    nothing new. Sources not started before the deadline are released (due
    again at once), not dropped.
    """
    deadline = time.monotonic() + POLL_SOFT_TIME_LIMIT - POLL_DEADLINE_MARGIN
    results = polling.poll_sources(source_ids=source_ids, deadline=deadline)
    outcomes: dict[str, int] = {}
    for result in results.values():
        key = result.outcome if result is not None else "skipped"
        outcomes[key] = outcomes.get(key, 0) + 1
    return outcomes


@shared_task(soft_time_limit=60, time_limit=90)
def poll_due_sources(limit: int = 2000) -> int:
    """The periodic tick: claim the due sources; feeds go in batches of ``POLL_BATCH_SIZE``.

    Sources with a collector of their own (``pressdesk/monitoring/sources/``:
    sitemaps, pages, social accounts, mailboxes) each get a ``poll_source``
    task, as before, so that their slower reads run in parallel on the workers.
    """
    from pressdesk.monitoring.sources import COLLECTORS

    claimed = polling.claim_due_sources(limit=limit)
    kinds = dict(Source.objects.filter(pk__in=claimed).values_list("pk", "kind"))
    feeds = [pk for pk in claimed if kinds.get(pk) not in COLLECTORS]
    for source_id in claimed:
        if kinds.get(source_id) in COLLECTORS:
            enqueue(poll_source, source_id)
    for start in range(0, len(feeds), POLL_BATCH_SIZE):
        enqueue(poll_sources, feeds[start : start + POLL_BATCH_SIZE])
    if claimed:
        log.info("Enqueued %d source polls", len(claimed))
    return len(claimed)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=90,
    time_limit=120,
)
def fetch_clip(clip_request_id: int) -> str | None:
    """Fetch a pasted article address off the web request (idempotent: a finished request is left alone)."""
    clip = actions.run_clip_request(clip_request_id=clip_request_id)
    return clip.status if clip else None


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=840,
    time_limit=900,
)
def ocr_clip_file(clip_file_id: int) -> str | None:
    """Read a print scan's text with Tesseract and match its item again (idempotent: only a waiting scan is read)."""
    clip_file = actions.run_clip_ocr(clip_file_id=clip_file_id)
    return clip_file.ocr_status if clip_file else None


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=int(actions.BACKFILL_TASK_BUDGET) + 120,
    time_limit=int(actions.BACKFILL_TASK_BUDGET) + 180,
)
def backfill_term(backfill_id: int) -> str | None:
    """Run a watch term over the archive (idempotent: matches already stored are not added again)."""
    run = actions.run_backfill(backfill_id=backfill_id)
    return run.status if run else None


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def remove_unkept_personal_data() -> int:
    """Nightly: authors' personal data removed from social items nobody kept (idempotent, in chunks)."""
    return actions.remove_unkept_personal_data()


@shared_task(soft_time_limit=120, time_limit=180)
def maintain_websub() -> dict[str, int]:
    """WebSub: lapse ended leases, subscribe and renew before the lease ends, keep live sources' polls relaxed."""
    from pressdesk.monitoring import websub

    return websub.maintain()


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=90,
    time_limit=120,
)
def ingest_websub_delivery(delivery_id: int) -> int | None:
    """Ingest a body a WebSub hub pushed, as a poll would (idempotent: the items' identities dedupe)."""
    from pressdesk.monitoring import websub

    return websub.ingest_delivery(delivery_id)
