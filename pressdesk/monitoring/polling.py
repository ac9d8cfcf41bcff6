"""Polling sources: fetch, parse, ingest, and record the outcome and the next check time.

``poll_source`` never raises on bad input from the outside world: a fetch
error, a broken feed or an unexpected exception while storing becomes an
error on the source and a ``FetchLog`` row (``record_failure``), and the
source is scheduled again with back-off. ``poll_sources`` fetches many sources
concurrently and ingests them one at a time; ``claim_due_sources`` and
``release_abandoned_claims`` hand sources to the poll tasks.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pressdesk.monitoring import fetching, scheduling, websub
from pressdesk.monitoring.ingest import (
    DEFAULT_ENGINES,
    Engines,
    IngestResult,
    MatcherLike,
    RecentStories,
    active_terms,
    ingest_entries,
    site_of,
)
from pressdesk.monitoring.models import FetchLog, Source
from pressdesk.monitoring.parsing import FeedParseError, parse_feed

log = logging.getLogger(__name__)

CLAIM_LEASE = datetime.timedelta(minutes=10)  # a claimed source whose task was lost is retried after this


@dataclass
class PollResult:
    outcome: str
    new_items: int = 0
    status: int | None = None
    error: str = ""


def _allowed_hosts(source: Source) -> tuple[str, ...]:
    if not source.allowed_private:
        return ()
    host = site_of(source.url)
    return (host,) if host else ()


def poll_source(
    *,
    source_id: int,
    now: datetime.datetime | None = None,
    fetch: Callable[..., fetching.FetchResult] = fetching.fetch,
    engines: Engines = DEFAULT_ENGINES,
) -> PollResult | None:
    """Fetch, parse and ingest one source, then record the outcome and the next check time.

    Returns ``None`` when the source is gone or inactive (a late task is harmless).
    """
    source = Source.objects.select_related("outlet").filter(pk=source_id, is_active=True).first()
    if source is None:
        return None
    now = now or timezone.now()
    started = time.monotonic()
    # Every kind other than a plain feed has its own collector (pressdesk/monitoring/sources/).
    from pressdesk.monitoring import sources

    if source.kind in sources.COLLECTORS:
        return sources.poll(source, now=now, started=started, fetch=fetch, engines=engines)
    return complete_poll(source, now=now, started=started, fetched=_fetch_source(source, fetch), engines=engines)


@dataclass
class Fetched:
    """What fetching one source gave: a result or the exception it raised (no database work)."""

    result: fetching.FetchResult | None = None
    error: BaseException | None = None


def _fetch_source(source: Source, fetch: Callable[..., fetching.FetchResult]) -> Fetched:
    """Fetch ``source``'s address (thread-safe: touches no database)."""
    try:
        return Fetched(
            result=fetch(
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                allow_private_hosts=_allowed_hosts(source),
            )
        )
    except Exception as exc:  # recorded on the source by complete_poll
        return Fetched(error=exc)


def complete_poll(
    source: Source,
    *,
    now: datetime.datetime,
    started: float,
    fetched: Fetched,
    engines: Engines = DEFAULT_ENGINES,
    matcher: MatcherLike | None = None,
    stories: RecentStories | None = None,
) -> PollResult:
    """Parse and ingest a fetched answer (or record the fetch error), then schedule the next check."""
    status: int | None = None
    size = 0
    try:
        if fetched.error is not None:
            raise fetched.error
        result = fetched.result
        assert result is not None
        status, size = result.status, len(result.body)
        server_delay = scheduling.server_min_delay(
            retry_after=result.retry_after, max_age=result.max_age, expires=result.expires, now=now
        )
        if result.not_modified:
            outcome, ingest = FetchLog.Outcome.NOT_MODIFIED, IngestResult()
        elif result.sha256 and result.sha256 == source.body_hash:
            outcome, ingest = FetchLog.Outcome.UNCHANGED, IngestResult()
        else:
            feed = parse_feed(
                result.body, content_type=result.content_type, fetched_at=now, base_url=result.url or source.url
            )
            websub.note_links(source, result.body, result.url or source.url)  # a hub it advertises (WebSub)
            ingest = ingest_entries(
                source=source, entries=feed.entries, fetched_at=now, engines=engines, matcher=matcher, stories=stories
            )
            outcome = FetchLog.Outcome.NEW if ingest.new_items else FetchLog.Outcome.UNCHANGED
    except fetching.FetchError as exc:
        return record_failure(
            source, now, started, kind=exc.kind, error=str(exc), status=exc.status, retry_after=exc.retry_after
        )
    except FeedParseError as exc:
        return record_failure(source, now, started, kind="hard", error=str(exc), status=status, size=size)
    except Exception as exc:  # never a crashed worker: record it on the source
        log.exception("Polling source %s failed", source.pk)
        return record_failure(
            source, now, started, kind="soft", error=f"{exc.__class__.__name__}: {exc}", status=status, size=size
        )
    return record_success(source, now, started, result, outcome, ingest, server_delay)


# ``poll_sources`` fetches the kinds read with ``fetching.fetch`` + ``parse_feed`` (those without a
# collector in ``pressdesk/monitoring/sources/``) concurrently; the others go through ``poll_source``.
POLL_CONCURRENCY = 32  # fetches in flight at once in one worker
PER_HOST_CONCURRENCY = 2  # fetches in flight to one host
PER_HOST_GAP = 1.0  # seconds between the starts of two fetches to one host


@dataclass
class _Job:
    source: Source
    host: str
    now: datetime.datetime | None = None
    started: float = 0.0


def poll_sources(
    *,
    source_ids: Sequence[int],
    fetch: Callable[..., fetching.FetchResult] = fetching.fetch,
    engines: Engines = DEFAULT_ENGINES,
    concurrency: int | None = None,
    per_host: int | None = None,
    host_gap: float | None = None,
    deadline: float | None = None,
    stories: RecentStories | None = None,
) -> dict[int, PollResult | None]:
    """Poll many sources: fetch concurrently in a thread pool, ingest one at a time in this thread.

    * Politeness: at most ``per_host`` fetches in flight to one host, and
      ``host_gap`` seconds between the starts of two fetches to it.
    * Fetch threads only do network I/O; parsing, ingest and the bookkeeping
      of each source (``complete_poll``, the same code as ``poll_source``)
      run here, so database work stays in one thread and one transaction per
      source.
    * The matcher and the story index are built once for the whole batch.
    * ``deadline`` (a ``time.monotonic()`` value): no fetch starts after it;
      the sources not started get their claim released (due again at once),
      so nothing is dropped when a task runs out of time.
    * Sources of other kinds go through ``poll_source`` after the feeds.

    Returns ``{source_id: result}`` (``None`` for a source gone or inactive).
    """
    import concurrent.futures as cf

    concurrency = concurrency or POLL_CONCURRENCY
    per_host = per_host or PER_HOST_CONCURRENCY
    host_gap = PER_HOST_GAP if host_gap is None else host_gap
    results: dict[int, PollResult | None] = dict.fromkeys(source_ids)
    sources = list(Source.objects.select_related("outlet").filter(pk__in=source_ids, is_active=True).order_by("pk"))
    from pressdesk.monitoring.sources import COLLECTORS

    others = [source.pk for source in sources if source.kind in COLLECTORS]
    queues: dict[str, deque[_Job]] = {}
    for source in sources:
        if source.kind not in COLLECTORS:
            host = site_of(source.url)
            queues.setdefault(host, deque()).append(_Job(source, host))
    matcher = engines.matcher_factory(active_terms()) if queues else None
    stories = stories if stories is not None else RecentStories(engines)
    in_flight: dict[str, int] = {}
    last_start: dict[str, float] = {}
    futures: dict[cf.Future[Fetched], _Job] = {}
    with cf.ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="monitoring-fetch") as pool:
        while queues or futures:
            clock = time.monotonic()
            if deadline is not None and clock >= deadline and queues:
                _release_claims([job.source.pk for jobs in queues.values() for job in jobs])
                queues.clear()
            wait_for = 0.5
            for host in list(queues):
                if len(futures) >= concurrency:
                    break
                if in_flight.get(host, 0) >= per_host:
                    continue
                ready_at = last_start.get(host, -host_gap) + host_gap
                if ready_at > clock:
                    wait_for = min(wait_for, ready_at - clock)
                    continue
                job = queues[host].popleft()
                if queues[host]:
                    wait_for = min(wait_for, host_gap)  # this host's next fetch may start then
                else:
                    del queues[host]
                job.now, job.started = timezone.now(), clock
                in_flight[host] = in_flight.get(host, 0) + 1
                last_start[host] = clock
                futures[pool.submit(_fetch_source, job.source, fetch)] = job
            if not futures:
                if queues:
                    time.sleep(max(0.001, wait_for))
                continue
            done, _pending = cf.wait(futures, timeout=wait_for if queues else None, return_when=cf.FIRST_COMPLETED)
            for future in done:
                job = futures.pop(future)
                in_flight[job.host] -= 1
                assert job.now is not None
                results[job.source.pk] = complete_poll(
                    job.source,
                    now=job.now,
                    started=job.started,
                    fetched=future.result(),
                    engines=engines,
                    matcher=matcher,
                    stories=stories,
                )
    for source_id in others:
        if deadline is not None and time.monotonic() >= deadline:
            _release_claims([source_id])
            continue
        results[source_id] = poll_source(source_id=source_id, fetch=fetch, engines=engines)
    return results


def _release_claims(source_ids: Sequence[int]) -> None:
    """Make claimed sources that were not polled due again at once (never dropped)."""
    if source_ids:
        Source.objects.filter(pk__in=source_ids).update(next_check_at=timezone.now())


def record_success(
    source: Source,
    now: datetime.datetime,
    started: float,
    result: fetching.FetchResult,
    outcome: str,
    ingest: IngestResult,
    server_delay: int,
) -> PollResult:
    """Record a successful check of ``source``: its statistics, next check time and a ``FetchLog`` row.

    Shared by feeds (``complete_poll``) and the other kinds' collectors (``sources.poll``).
    """
    previous_check = source.last_checked_at
    elapsed = (now - previous_check).total_seconds() if previous_check else 0
    if previous_check is not None:
        source.items_per_week = scheduling.estimate_items_per_week(
            source.items_per_week, new_items=ingest.new_items, elapsed_seconds=elapsed
        )
    source.poll_interval = scheduling.next_interval(
        current=source.poll_interval,
        items_per_week=source.items_per_week,
        known=ingest.known,
        total=ingest.entries,
        low=source.min_interval,
        high=source.max_interval,
        server_delay=server_delay,
    )
    source.next_check_at = now + datetime.timedelta(seconds=source.poll_interval)
    source.last_checked_at = source.last_success_at = now
    source.last_status = result.status
    source.failure_count = 0
    source.last_error = ""
    if result.etag or not result.not_modified:
        source.etag = result.etag
    if result.last_modified or not result.not_modified:
        source.last_modified = result.last_modified
    if result.sha256:
        source.body_hash = result.sha256
    if ingest.new_items:
        source.last_new_item_at = now
    source.save(
        update_fields=[
            "items_per_week",
            "poll_interval",
            "next_check_at",
            "last_checked_at",
            "last_success_at",
            "last_status",
            "failure_count",
            "last_error",
            "etag",
            "last_modified",
            "body_hash",
            "last_new_item_at",
        ]
    )
    FetchLog.objects.create(
        source=source,
        started_at=now,
        duration_ms=int((time.monotonic() - started) * 1000),
        status_code=result.status,
        outcome=outcome,
        bytes=len(result.body),
        entries=ingest.entries,
        new_items=ingest.new_items,
    )
    return PollResult(outcome=outcome, new_items=ingest.new_items, status=result.status)


def record_failure(
    source: Source,
    now: datetime.datetime,
    started: float,
    *,
    kind: str,
    error: str,
    status: int | None = None,
    retry_after: int | None = None,
    size: int = 0,
) -> PollResult:
    """Record a failed check of ``source`` (``kind``: soft or hard): back-off, last error and a ``FetchLog`` row."""
    source.failure_count += scheduling.failure_weight(kind)
    interval = scheduling.backoff_interval(
        source.poll_interval, source.failure_count, cap=source.max_interval, server_delay=retry_after or 0
    )
    source.next_check_at = now + datetime.timedelta(seconds=interval)
    source.last_checked_at = now
    source.last_status = status
    source.last_error = error[:2000]
    source.save(update_fields=["failure_count", "next_check_at", "last_checked_at", "last_status", "last_error"])
    FetchLog.objects.create(
        source=source,
        started_at=now,
        duration_ms=int((time.monotonic() - started) * 1000),
        status_code=status,
        outcome=FetchLog.Outcome.ERROR,
        bytes=size,
        error=error[:2000],
    )
    return PollResult(outcome=FetchLog.Outcome.ERROR, status=status, error=error)


def claim_due_sources(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Claim the sources whose check time has passed and return their ids.

    Each source is claimed by moving its ``next_check_at`` forward with a
    compare-and-set update, so two schedulers running at once never both
    get the same source. On PostgreSQL the candidate rows are also locked
    with ``SKIP LOCKED``.
    """
    from django.db import connection

    now = now or timezone.now()
    claimed: list[int] = []
    with transaction.atomic():
        due = Source.objects.filter(is_active=True, kind__in=Source.POLLED_KINDS, next_check_at__lte=now).order_by(
            "next_check_at"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        for pk, next_check_at in list(due.values_list("pk", "next_check_at")[:limit]):
            updated = Source.objects.filter(pk=pk, next_check_at=next_check_at).update(next_check_at=now + CLAIM_LEASE)
            if updated:
                claimed.append(pk)
    return claimed


def release_abandoned_claims(*, now: datetime.datetime | None = None, running: Iterable[str] = ()) -> int:
    """Make the sources of poll tasks that never finished due again at once; returns how many.

    Called when a worker that consumes the polling queue starts (``pressdesk/celery.py``):
    a worker killed mid-poll (``kill -9``, a crash, a lost machine) leaves its sources
    claimed for ``CLAIM_LEASE`` and its task unacknowledged in the broker. Every poll
    task was queued through the outbox, so the ones not completed within the lease
    are known: their sources not checked since are released (the next tick claims
    them again), and the rows are marked completed, so a late redelivery of the old
    task is skipped rather than polling twice. ``running``: task ids other live workers
    report as running or reserved (``celery inspect``), left alone.
    """
    from pressdesk.monitoring import tasks
    from pressdesk.outbox.models import Message, message_id_from_task_id

    now = now or timezone.now()
    released = 0
    rows = Message.objects.filter(
        task__in=[tasks.poll_sources.name, tasks.poll_source.name],
        completed_at__isnull=True,
        created_at__gte=now - CLAIM_LEASE,
    )
    skip = {message_id_from_task_id(task_id) for task_id in running}
    for message in rows:
        if message.pk in skip:
            continue
        ids = message.args[0] if message.args else []
        ids = ids if isinstance(ids, list) else [ids]
        with transaction.atomic():
            released += (
                Source.objects.filter(pk__in=ids, next_check_at__gt=now)
                .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=message.created_at))
                .update(next_check_at=now)
            )
            Message.objects.filter(pk=message.pk, completed_at__isnull=True).update(completed_at=now)
    if released:
        log.warning("Released %d sources claimed by poll tasks that never finished", released)
    return released
