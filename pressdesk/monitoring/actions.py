"""State changes of media monitoring: polling sources, ingesting entries, manual clips.

``poll_source`` never raises on bad input from the outside world: a fetch
error, a broken feed or an unexpected exception while storing becomes an
error on the source and a ``FetchLog`` row, and the source is scheduled again
with back-off.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.monitoring import fetching, normalize, scheduling
from pressdesk.monitoring.models import FetchLog, Item, ItemMatch, Outlet, Source, Story, WatchTerm
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry, parse_feed

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

log = logging.getLogger(__name__)

TITLE_DEDUP_WINDOW = datetime.timedelta(days=7)
CLUSTER_WINDOW = datetime.timedelta(days=3)
CLAIM_LEASE = datetime.timedelta(minutes=10)  # a claimed source whose task was lost is retried after this


# --- Matching and clustering, through small seams -----------------------------


class HitLike(Protocol):
    field: str
    start: int
    end: int
    term: str


class MatcherLike(Protocol):
    def match(self, title: str, text: str, site: str) -> dict[int, list[Any]]: ...


class StoryIndexLike(Protocol):
    def add(self, key: int, sig: bytes) -> object: ...

    def query(self, sig: bytes) -> list[int]: ...


def build_matcher(terms: Sequence[tuple[int, str]]) -> MatcherLike | None:
    """The Boolean matcher for ``terms`` (``[(term_id, query), …]``), or ``None`` without terms."""
    if not terms:
        return None
    from pressdesk.monitoring.matching import Matcher

    return Matcher(list(terms))


def build_story_index() -> StoryIndexLike:
    from pressdesk.monitoring.clustering import StoryIndex

    return StoryIndex(threshold=0.5)


def compute_signature(text: str) -> bytes:
    from pressdesk.monitoring.clustering import signature

    return signature(text)


@dataclass
class Engines:
    """What ingest uses to match and cluster; tests and benchmarks pass their own."""

    matcher_factory: Callable[[Sequence[tuple[int, str]]], MatcherLike | None] = build_matcher
    index_factory: Callable[[], StoryIndexLike] = build_story_index
    signature: Callable[[str], bytes] = compute_signature


DEFAULT_ENGINES = Engines()


def active_terms() -> list[tuple[int, str]]:
    return list(WatchTerm.objects.filter(is_active=True).values_list("pk", "query"))


# --- Ingest -------------------------------------------------------------------


@dataclass
class IngestResult:
    entries: int = 0
    new_items: int = 0
    known: int = 0
    items: list[Item] | None = None


def _site(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@transaction.atomic
def ingest_entries(
    *,
    source: Source,
    entries: Sequence[ParsedEntry],
    fetched_at: datetime.datetime,
    actor: User | None = None,
    engines: Engines = DEFAULT_ENGINES,
    matcher: MatcherLike | None = None,
) -> IngestResult:
    """Store the entries not seen before, with their matches and stories.

    Exact duplicates are found with one query per batch: identity hashes ever
    stored for the source, and title hashes of the last 7 days.
    """
    result = IngestResult(entries=len(entries), items=[])
    if not entries:
        return result
    identities = normalize.identity_hashes(entries)
    title_hashes = [normalize.title_hash(entry.title) for entry in entries]
    since = fetched_at - TITLE_DEDUP_WINDOW
    existing = Item.objects.filter(source=source).filter(
        Q(identity_hash__in=set(identities)) | Q(title_hash__in={h for h in title_hashes if h}, fetched_at__gte=since)
    )
    known_ids: set[str] = set()
    known_titles: set[str] = set()
    for identity, title_hash_value, seen_at in existing.values_list("identity_hash", "title_hash", "fetched_at"):
        known_ids.add(identity)
        if title_hash_value and seen_at >= since:
            known_titles.add(title_hash_value)

    fresh: list[tuple[ParsedEntry, str, str]] = []
    for entry, identity, title_hash_value in zip(entries, identities, title_hashes, strict=True):
        if identity in known_ids or (title_hash_value and title_hash_value in known_titles):
            result.known += 1
            continue
        known_ids.add(identity)
        if title_hash_value:
            known_titles.add(title_hash_value)
        fresh.append((entry, identity, title_hash_value))
    if not fresh:
        return result

    items = []
    for entry, identity, title_hash_value in fresh:
        canonical = normalize.canonical_url(entry.url)
        items.append(
            Item(
                source=source,
                outlet_id=source.outlet_id,
                url=canonical[:2000],
                original_url=entry.url[:2000],
                guid=entry.guid[:2000],
                identity_hash=identity,
                title_hash=title_hash_value,
                title=entry.title[:1000],
                summary_html=normalize.sanitize_html(entry.summary_html),
                text=entry.text,
                image_url=entry.image_url[:2000] if entry.image_url.startswith(("http://", "https://")) else "",
                published_at=entry.published_at or fetched_at,
                published_at_original=entry.published_at_original,
                fetched_at=fetched_at,
                created_by=actor,
            )
        )

    # Match before inserting so that ``matched`` is stored with the row.
    if matcher is None:
        matcher = engines.matcher_factory(active_terms())
    matches: list[tuple[int, dict[int, list[Any]]]] = []
    if matcher is not None:
        for position, item in enumerate(items):
            found = matcher.match(item.title, item.text, _site(item.original_url or item.url))
            if found:
                item.matched = True
                matches.append((position, found))

    _assign_stories(items, fetched_at=fetched_at, engines=engines)

    Item.objects.bulk_create(items, batch_size=500)
    rows: list[ItemMatch] = []
    for position, found in matches:
        item = items[position]
        for term_id, hits in found.items():
            by_field: dict[str, list[list[Any]]] = {}
            for hit in hits:
                by_field.setdefault(hit.field, []).append([hit.start, hit.end, hit.term])
            rows.extend(
                ItemMatch(item=item, term_id=term_id, field=field, spans=spans) for field, spans in by_field.items()
            )
    ItemMatch.objects.bulk_create(rows, batch_size=1000)
    _refresh_story_counts({item.story_id for item in items if item.story_id}, fetched_at)
    result.new_items = len(items)
    result.items = items
    return result


def _assign_stories(
    items: list[Item],
    *,
    fetched_at: datetime.datetime,
    engines: Engines,
) -> None:
    """Give each new item the story of a near-duplicate from the last 3 days, or a new story."""
    story_of: dict[int, int] = {}  # index key → story id (new items get negative keys)
    story_index = engines.index_factory()
    recent = (
        Item.objects.filter(fetched_at__gte=fetched_at - CLUSTER_WINDOW, story__isnull=False)
        .exclude(signature=b"")
        .values_list("pk", "signature", "story_id")
    )
    for pk, sig, story_id in recent.iterator(chunk_size=2000):
        story_index.add(pk, bytes(sig))
        story_of[pk] = story_id

    leaders: list[Item] = []
    leader_of: dict[int, Item] = {}
    for position, item in enumerate(items):
        item.signature = engines.signature(f"{item.title}\n{item.text}")
        key = -(position + 1)
        existing_story: int | None = None
        leader: Item | None = None
        for candidate in story_index.query(item.signature):
            if candidate < 0 and candidate in leader_of:
                leader = leader_of[candidate]
                break
            found = story_of.get(candidate)
            if found:
                existing_story = found
                break
        story_index.add(key, item.signature)
        if existing_story:
            item.story_id = existing_story
        elif leader is not None:
            leader_of[key] = leader
        else:
            leader_of[key] = item
            leaders.append(item)
    if leaders:
        stories = Story.objects.bulk_create(
            [Story(title=item.title[:500], first_seen_at=fetched_at, last_seen_at=fetched_at) for item in leaders]
        )
        for item, story in zip(leaders, stories, strict=True):
            item.story = story
    for key, leader in leader_of.items():
        follower = items[-key - 1]
        if follower is not leader:
            follower.story = leader.story


def _refresh_story_counts(story_ids: Iterable[int], now: datetime.datetime) -> None:
    story_ids = list(story_ids)
    if not story_ids:
        return
    counts = Item.objects.filter(story=OuterRef("pk")).order_by().values("story").annotate(n=Count("pk")).values("n")
    Story.objects.filter(pk__in=story_ids).update(item_count=Subquery(counts), last_seen_at=now)


# --- Polling ------------------------------------------------------------------


@dataclass
class PollResult:
    outcome: str
    new_items: int = 0
    status: int | None = None
    error: str = ""


def _allowed_hosts(source: Source) -> tuple[str, ...]:
    if not source.allowed_private:
        return ()
    host = _site(source.url)
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
    status: int | None = None
    size = 0
    try:
        result = fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            allow_private_hosts=_allowed_hosts(source),
        )
        status, size = result.status, len(result.body)
        server_delay = scheduling.server_min_delay(
            retry_after=result.retry_after, max_age=result.max_age, expires=result.expires, now=now
        )
        if result.not_modified:
            outcome, ingest = FetchLog.Outcome.NOT_MODIFIED, IngestResult()
        elif result.sha256 and result.sha256 == source.body_hash:
            outcome, ingest = FetchLog.Outcome.UNCHANGED, IngestResult()
        else:
            feed = parse_feed(result.body, content_type=result.content_type, fetched_at=now)
            ingest = ingest_entries(source=source, entries=feed.entries, fetched_at=now, engines=engines)
            outcome = FetchLog.Outcome.NEW if ingest.new_items else FetchLog.Outcome.UNCHANGED
    except fetching.FetchError as exc:
        return _record_failure(
            source, now, started, kind=exc.kind, error=str(exc), status=exc.status, retry_after=exc.retry_after
        )
    except FeedParseError as exc:
        return _record_failure(source, now, started, kind="hard", error=str(exc), status=status, size=size)
    except Exception as exc:  # never a crashed worker: record it on the source
        log.exception("Polling source %s failed", source_id)
        return _record_failure(
            source, now, started, kind="soft", error=f"{exc.__class__.__name__}: {exc}", status=status, size=size
        )
    return _record_success(source, now, started, result, outcome, ingest, server_delay)


def _record_success(
    source: Source,
    now: datetime.datetime,
    started: float,
    result: fetching.FetchResult,
    outcome: str,
    ingest: IngestResult,
    server_delay: int,
) -> PollResult:
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


def _record_failure(
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


# --- Manual clips -------------------------------------------------------------


def can_add_items(actor: User) -> bool:
    return actor.is_active and (actor.is_unit_member or actor.is_admin)


def _manual_source(outlet: Outlet, actor: User) -> Source:
    source = Source.objects.filter(outlet=outlet, kind=Source.Kind.MANUAL).order_by("pk").first()
    if source is None:
        source = Source.objects.create(
            outlet=outlet,
            kind=Source.Kind.MANUAL,
            name=_("Manual entries: %(outlet)s") % {"outlet": outlet.name},
            is_active=False,
            created_by=actor,
        )
    return source


@transaction.atomic
def add_manual_item(
    *,
    actor: User,
    outlet: Outlet,
    url: str,
    title: str,
    text: str = "",
    published_at: datetime.datetime | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> Item:
    """Store a clip pasted by staff (a missed article, a clipping service's e-mail), matched and clustered.

    Adding the same clip twice returns the item stored the first time.
    """
    if not can_add_items(actor):
        raise PermissionDenied
    source = _manual_source(outlet, actor)
    now = timezone.now()
    entry = ParsedEntry(
        url=url.strip(),
        title=normalize.html_to_text(title),
        text=normalize.html_to_text(text),
        published_at=min(published_at, now) if published_at else None,
    )
    ingest = ingest_entries(source=source, entries=[entry], fetched_at=now, actor=actor, engines=engines)
    if ingest.items:
        return ingest.items[0]
    (identity,) = normalize.identity_hashes([entry])
    existing = Item.objects.filter(source=source, identity_hash=identity).first()
    if existing is None:  # a title already clipped in the last 7 days
        existing = Item.objects.filter(source=source, title_hash=normalize.title_hash(entry.title)).latest("fetched_at")
    return existing


# --- Configuration: sources and watch terms -----------------------------------


def can_configure(actor: User) -> bool:
    return actor.is_active and (actor.is_unit_member or actor.is_admin)


def _source_organization(actor: User) -> Any:
    """The province the actor's unit belongs to (its scope root), else the actor's own organization."""
    from pressdesk.organizations.models import Organization
    from pressdesk.organizations.queries import scope_root

    root = scope_root(actor)
    return root if isinstance(root, Organization) else actor.organization


SOURCE_FIELDS = ("name", "kind", "url", "poll_interval", "allowed_private")


def _check_source_fields(actor: User, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown source fields: {sorted(unknown)}")
    if "allowed_private" in fields and not actor.is_admin:
        raise PermissionDenied
    return fields


@transaction.atomic
def create_outlet(
    *, actor: User, name: str, kind: str = Outlet.Kind.NEWS_SITE, province: str = "", reach: int = 0
) -> Outlet:
    if not can_configure(actor):
        raise PermissionDenied
    return Outlet.objects.create(name=name, kind=kind, province=province, reach=reach, created_by=actor)


@transaction.atomic
def create_source(*, actor: User, outlet: Outlet, **fields: Any) -> Source:
    """A new source of the actor's province, checked at once (``next_check_at`` = now)."""
    if not can_configure(actor):
        raise PermissionDenied
    _check_source_fields(actor, fields)
    poll_interval = fields.get("poll_interval")
    if poll_interval:
        fields["poll_interval"] = max(int(poll_interval), Source._meta.get_field("min_interval").get_default())
    return Source.objects.create(
        outlet=outlet,
        organization=_source_organization(actor),
        next_check_at=timezone.now(),
        created_by=actor,
        **fields,
    )


def _check_can_change_source(actor: User, source: Source) -> None:
    from pressdesk.monitoring.queries import sources_visible_to

    if not can_configure(actor) or not sources_visible_to(actor).filter(pk=source.pk).exists():
        raise PermissionDenied


@transaction.atomic
def update_source(*, actor: User, source: Source, outlet: Outlet | None = None, **fields: Any) -> Source:
    _check_can_change_source(actor, source)
    _check_source_fields(actor, fields)
    if outlet is not None:
        source.outlet = outlet
    for name, value in fields.items():
        setattr(source, name, value)
    if "url" in fields or "poll_interval" in fields:
        source.next_check_at = timezone.now()  # a changed address or interval is checked at once
    source.save()
    return source


@transaction.atomic
def set_source_active(*, actor: User, source: Source, active: bool) -> Source:
    _check_can_change_source(actor, source)
    source.is_active = active
    if active:
        source.next_check_at = timezone.now()
    source.save(update_fields=["is_active", "next_check_at"])
    return source


@transaction.atomic
def request_poll(*, actor: User, source: Source) -> None:
    """Check ``source`` now: the poll task runs once this transaction commits."""
    _check_can_change_source(actor, source)
    from pressdesk.monitoring import tasks

    source_id = source.pk
    transaction.on_commit(lambda: tasks.poll_source.delay(source_id))


@transaction.atomic
def create_watch_term(
    *, actor: User, name: str, query: str, organization: Any = None, is_active: bool = True
) -> WatchTerm:
    """A new watch term; ``query`` must parse (``matching.QuerySyntaxError`` otherwise)."""
    from pressdesk.monitoring.matching import parse_query

    if not can_configure(actor):
        raise PermissionDenied
    parse_query(query)
    return WatchTerm.objects.create(
        name=name, query=query, organization=organization, is_active=is_active, created_by=actor
    )


@transaction.atomic
def update_watch_term(*, actor: User, term: WatchTerm, **fields: Any) -> WatchTerm:
    from pressdesk.monitoring.matching import parse_query

    if not can_configure(actor):
        raise PermissionDenied
    unknown = set(fields) - {"name", "query", "organization", "is_active"}
    if unknown:
        raise TypeError(f"Unknown watch term fields: {sorted(unknown)}")
    if "query" in fields:
        parse_query(fields["query"])
    for name, value in fields.items():
        setattr(term, name, value)
    term.save()
    return term
