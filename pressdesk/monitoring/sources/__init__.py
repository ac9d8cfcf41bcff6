"""Every kind of source other than a plain feed: one collector module per kind, one interface.

``collect(source, *, client, now) -> Collected`` (see ``base.py``). ``poll``
runs a collector for ``polling.poll_source`` and records the outcome exactly
as for feeds: new entries go through ``ingest.ingest_entries`` (dedup,
matching, clustering), success and failure through the same bookkeeping
(``polling.record_success``/``record_failure``: FetchLog, last error, back-off,
next check time).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pressdesk.monitoring import fetching
from pressdesk.monitoring.models import FetchLog, Source
from pressdesk.monitoring.parsing import FeedParseError
from pressdesk.monitoring.sources import bluesky, feeds, imap, mastodon, meta, sitemap, webpage, x
from pressdesk.monitoring.sources.base import Client, Collected, CollectError

if TYPE_CHECKING:
    from pressdesk.monitoring.ingest import Engines
    from pressdesk.monitoring.polling import PollResult

log = logging.getLogger(__name__)

COLLECTORS: dict[str, ModuleType] = {
    Source.Kind.NEWS_SITEMAP: sitemap,
    Source.Kind.WEB_PAGE: webpage,
    Source.Kind.SEARCH_FEED: feeds,
    Source.Kind.YOUTUBE: feeds,
    Source.Kind.MASTODON: mastodon,
    Source.Kind.BLUESKY: bluesky,
    Source.Kind.IMAP: imap,
    Source.Kind.X_SEARCH: x,
    Source.Kind.X_ACCOUNT: x,
    Source.Kind.FACEBOOK_PAGE: meta,
    Source.Kind.INSTAGRAM: meta,
}

__all__ = ["COLLECTORS", "Client", "CollectError", "Collected", "poll"]


def allowed_hosts(source: Source) -> tuple[str, ...]:
    """The internal host an administrator allowed for this source (its address's or its mail server's)."""
    if not source.allowed_private:
        return ()
    host = (source.config or {}).get("host") if source.kind == Source.Kind.IMAP else None
    if not host:
        try:
            host = urlsplit(source.url).hostname
        except ValueError:
            host = None
    return (str(host).lower(),) if host else ()


def poll(
    source: Source,
    *,
    now: datetime.datetime,
    started: float,
    fetch: Callable[..., fetching.FetchResult],
    engines: Engines,
    client: Client | None = None,
) -> PollResult:
    """Collect, ingest and record one source; never raises on bad input from outside."""
    from pressdesk.monitoring.ingest import IngestResult, ingest_entries
    from pressdesk.monitoring.polling import record_failure, record_success

    client = client or Client(fetch=fetch)
    client.allow_private_hosts = allowed_hosts(source)
    client.started = started
    collector = COLLECTORS[source.kind]
    collected: Collected | None = None
    try:
        collected = collector.collect(source, client=client, now=now)
        if collected.not_modified:
            outcome, ingest = FetchLog.Outcome.NOT_MODIFIED, IngestResult()
        elif collected.unchanged:
            outcome, ingest = FetchLog.Outcome.UNCHANGED, IngestResult()
        else:
            ingest = ingest_entries(source=source, entries=collected.entries, fetched_at=now, engines=engines)
            outcome = FetchLog.Outcome.NEW if ingest.new_items else FetchLog.Outcome.UNCHANGED
            if _take_in_exports(source, collected, engines):
                outcome = FetchLog.Outcome.NEW
    except fetching.FetchError as exc:
        _finish(collected, False)
        return record_failure(
            source, now, started, kind=exc.kind, error=str(exc), status=exc.status, retry_after=exc.retry_after
        )
    except CollectError as exc:
        _finish(collected, False)
        return record_failure(source, now, started, kind=exc.kind, error=str(exc), status=exc.status)
    except FeedParseError as exc:
        _finish(collected, False)
        return record_failure(source, now, started, kind="hard", error=str(exc))
    except Exception as exc:  # never a crashed worker: record it on the source
        log.exception("Collecting source %s failed", source.pk)
        _finish(collected, False)
        return record_failure(source, now, started, kind="soft", error=f"{exc.__class__.__name__}: {exc}")
    _finish(collected, True)
    result = record_success(
        source, now, started, collected.as_fetch_result(source.url), outcome, ingest, collected.server_delay
    )
    _after_success(source, now, collected)
    return result


def _take_in_exports(source: Source, collected: Collected, engines: Engines) -> bool:
    """Clipping exports that came by e-mail, each through the clipping import; True if one stored items.

    Before the messages are marked as seen: a poll that fails after this reads them again, and
    each file is then found by its hash and not taken in twice.
    """
    from pressdesk.monitoring.actions import import_mailed_export

    stored = False
    for name, data in collected.exports:
        record = import_mailed_export(mailbox=source, name=name, data=data, engines=engines)
        stored = stored or bool(record is not None and record.new_items)
    return stored


def _finish(collected: Collected | None, stored: bool) -> None:
    if collected is not None and collected.finish is not None:
        collected.finish(stored)


def _after_success(source: Source, now: datetime.datetime, collected: Collected) -> None:
    """What the feed bookkeeping does not know: the collector's cursor, the bytes read, no HTTP status."""
    source_fields: dict[str, Any] = {}
    if collected.state is not None and collected.state != source.state:
        source.state = source_fields["state"] = collected.state
    if collected.status is None:
        source.last_status = source_fields["last_status"] = None
    if source_fields:
        Source.objects.filter(pk=source.pk).update(**source_fields)
    log_fields: dict[str, Any] = {"bytes": collected.size}
    if collected.status is None:
        log_fields["status_code"] = None
    FetchLog.objects.filter(source=source, started_at=now).update(**log_fields)
