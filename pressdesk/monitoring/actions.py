"""State changes of media monitoring: polling sources, ingesting entries, manual clips.

``poll_source`` never raises on bad input from the outside world: a fetch
error, a broken feed or an unexpected exception while storing becomes an
error on the source and a ``FetchLog`` row, and the source is scheduled again
with back-off.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.lib.turkish import normalize_text
from pressdesk.monitoring import fetching, fulltext, normalize, scheduling, signals
from pressdesk.monitoring.models import ClipRequest, FetchLog, Item, ItemMatch, Outlet, Source, Story, WatchTerm
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry, parse_feed
from pressdesk.outbox.actions import enqueue

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
    links_refused: int = 0  # entries stored without their link: it was not an http(s) address
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
    stories: RecentStories | None = None,
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
        # Only http(s) addresses are stored, relative ones resolved against the source's address.
        # An entry whose link is javascript:, data: … is kept without an address (its title and
        # text are news all the same); the link itself is dropped, never stored or shown.
        url = normalize.web_url(entry.url, source.url)
        if entry.url and not url:
            result.links_refused += 1
            log.info("Source %s: refused a link that is not an http(s) address: %.200r", source.pk, entry.url)
        canonical = normalize.canonical_url(url)
        items.append(
            Item(
                source=source,
                outlet_id=source.outlet_id,
                url=canonical[:2000],
                original_url=url[:2000],
                guid=entry.guid[:2000],
                identity_hash=identity,
                title_hash=title_hash_value,
                # Soft hyphens and apostrophe look-alikes normalised once here, so that matching,
                # highlighting and both full-text indexes read the same words.
                title=normalize_text(entry.title[:1000]),
                summary_html=normalize.sanitize_html(entry.summary_html),
                text=normalize_text(entry.text),
                image_url=normalize.web_url(entry.image_url, source.url)[:2000],
                published_at=entry.published_at or fetched_at,
                published_at_original=entry.published_at_original,
                fetched_at=fetched_at,
                created_by=actor,
            )
        )

    # Match before inserting so that ``matched`` is stored with the row.
    if matcher is None:
        matcher = engines.matcher_factory(active_terms())
    matches: list[tuple[int, dict[int, dict[str, list[list[Any]]]]]] = []
    if matcher is not None:
        match_spans = _spans_matcher(matcher)
        for position, item in enumerate(items):
            found = match_spans(item.title, item.text, _site(item.original_url or item.url))
            if found:
                item.matched = True
                matches.append((position, found))

    _assign_stories(items, fetched_at=fetched_at, engines=engines, stories=stories)

    _insert_items(items)
    _insert_matches(
        (items[position].pk, term_id, field, spans)
        for position, found in matches
        for term_id, by_field in found.items()
        for field, spans in by_field.items()
    )
    _refresh_story_counts({item.story_id for item in items if item.story_id}, fetched_at)
    result.new_items = len(items)
    result.items = items
    signals.items_ingested.send(sender=Source, source=source, items=items)
    return result


ITEM_INSERT_BATCH = 100
_PLAIN_FIELDS = frozenset(
    {
        models.CharField,
        models.TextField,
        models.URLField,
        models.BooleanField,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.ForeignKey,
    }
)
_PLAIN_VALUES = frozenset({str, int, bool})
_MISSING = object()


def _insert_rows(model: Any, items: Sequence[Any], *, pg_columns: dict[str, list[Any]] | None = None) -> None:
    """Insert new ``model`` instances and set their ids, as ``bulk_create`` does but without its per-value overhead.

    The same values as ``bulk_create`` (every concrete, non-generated field,
    ``pre_save`` then ``get_db_prep_save``). PostgreSQL: ids taken from the
    table's sequence, rows sent by ``COPY`` (row triggers still fire), with the
    values of the columns in ``pg_columns`` (not model fields) for each item.
    SQLite: multi-row ``INSERT … RETURNING`` (as ``bulk_create`` does there).
    Other databases: ``bulk_create``.
    """
    from django.db import connection

    vendor = connection.vendor
    if vendor != "postgresql":
        pg_columns = None
    if vendor not in ("postgresql", "sqlite") or (len(items) < 20 and pg_columns is None):
        model._default_manager.bulk_create(items, batch_size=500)
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [field for field in meta.concrete_fields if not field.primary_key and not field.generated]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)

    # Text, number, boolean and foreign-key values go to the driver as they are (what
    # get_db_prep_save returns for a str, int or bool); every other field and value takes
    # Django's full preparation.
    # An aware datetime in a DateTimeField without auto_now goes straight to the backend's
    # adapter (what get_db_prep_save ends in for such a value, without its checks per value).
    plain = [type(field) in _PLAIN_FIELDS for field in fields]
    moments = [
        type(field) is models.DateTimeField and not (field.auto_now or field.auto_now_add)  # type: ignore[attr-defined]
        for field in fields
    ]
    attnames = [field.attname for field in fields]
    adapt_datetime = connection.ops.adapt_datetimefield_value

    def values(item: Any) -> list[Any]:
        row = []
        state = item.__dict__
        for field, is_plain, is_moment, attname in zip(fields, plain, moments, attnames, strict=True):
            if is_plain:
                value = state.get(attname, _MISSING)
                if value is None or type(value) in _PLAIN_VALUES:
                    row.append(value)
                    continue
            elif is_moment:
                value = state.get(attname, _MISSING)
                if value is None:
                    row.append(None)
                    continue
                if type(value) is datetime.datetime and value.tzinfo is not None:
                    row.append(adapt_datetime(value))
                    continue
            row.append(field.get_db_prep_save(field.pre_save(item, True), connection))
        return row

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(items)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            extra = pg_columns or {}
            columns = ", ".join(quote(column) for column in [pk.column, *(field.column for field in fields), *extra])
            extra_values = list(zip(*extra.values(), strict=True)) if extra else [()] * len(items)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for item, item_id, more in zip(items, ids, extra_values, strict=True):
                    item.pk = item_id
                    copy.write_row([item_id, *values(item), *more])
        else:
            columns = ", ".join(quote(field.column) for field in fields)
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            for start in range(0, len(items), ITEM_INSERT_BATCH):
                chunk = items[start : start + ITEM_INSERT_BATCH]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))} "  # noqa: S608
                    f"RETURNING {quote(pk.column)}",
                    [value for item in chunk for value in values(item)],
                )
                for item, (item_id,) in zip(chunk, cursor.fetchall(), strict=True):
                    item.pk = item_id
    for item in items:
        item._state.adding = False
        item._state.db = connection.alias


def _insert_items(items: list[Item]) -> None:
    """Insert new items; on PostgreSQL with their search vectors (the trigger would compute them in SQL)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        vectors = [fulltext.pg_search_vector(item.title, item.text) for item in items]
        _insert_rows(Item, items, pg_columns={fulltext.PG_VECTOR_COLUMN: vectors})
    else:
        _insert_rows(Item, items)


SpansByTerm = dict[int, dict[str, list[list[Any]]]]


def _spans_matcher(matcher: MatcherLike) -> Callable[[str, str, str], SpansByTerm]:
    """``matcher.match_spans`` when it has it (the real one), else ``match`` grouped by field."""
    fast = getattr(matcher, "match_spans", None)
    if fast is not None:
        return fast  # type: ignore[no-any-return]

    def grouped(title: str, text: str, site: str) -> SpansByTerm:
        result: SpansByTerm = {}
        for term_id, hits in matcher.match(title, text, site).items():
            by_field: dict[str, list[list[Any]]] = {}
            for hit in hits:
                by_field.setdefault(hit.field, []).append([hit.start, hit.end, hit.term])
            result[term_id] = by_field
        return result

    return grouped


MATCH_INSERT_BATCH = 500


def _span_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` for span lists, with the C encoder made once.

    ``JSONEncoder.encode`` builds a new C encoder object on every call (half its time for
    a short list); ingest encodes one span list per stored match, ten or more per item.
    Span lists are made by the matcher (lists of ints and strings, never circular), so the
    circular-reference check is off. Falls back to ``JSONEncoder.encode`` where the C
    accelerator is missing or has another signature.
    """
    plain = json.JSONEncoder(ensure_ascii=False)
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if make is None:
        return plain.encode
    try:
        chunks = make(None, plain.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
        if "".join(chunks([[0, 1, 'ı"\n']], 0)) != plain.encode([[0, 1, 'ı"\n']]):
            return plain.encode
    except TypeError:
        return plain.encode

    def encode(value: Any) -> str:
        return "".join(chunks(value, 0))

    return encode


_encode_json = _span_encoder()


def _insert_matches(rows: Iterable[tuple[int, int, str, list[list[Any]]]]) -> None:
    """Insert ``ItemMatch`` rows ``(item_id, term_id, field, spans)`` without model instances.

    Ingest stores one row per item, term and field (often ten times as many
    rows as items); ``bulk_create`` spent most of its time building and
    preparing model instances. PostgreSQL gets the rows through ``COPY``,
    other databases through multi-row INSERTs.
    """
    from django.db import connection

    meta = ItemMatch._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields if not field.primary_key)
    table = quote(meta.db_table)
    if columns != ", ".join(quote(name) for name in ("item_id", "term_id", "field", "spans")):
        raise RuntimeError(f"ItemMatch columns changed ({columns}); update _insert_matches")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for item_id, term_id, field, spans in rows:
                    copy.write_row((item_id, term_id, field, _encode_json(spans)))
            return
        prefix = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names from the model
        batch: list[Any] = []
        for item_id, term_id, field, spans in rows:
            batch.extend((item_id, term_id, field, _encode_json(spans)))
            if len(batch) == 4 * MATCH_INSERT_BATCH:
                cursor.execute(prefix + ", ".join(["(%s, %s, %s, %s)"] * MATCH_INSERT_BATCH), batch)
                batch = []
        if batch:
            cursor.execute(prefix + ", ".join(["(%s, %s, %s, %s)"] * (len(batch) // 4)), batch)


class RecentStories:
    """The story index of the items of the last 3 days, kept between ingests and updated incrementally.

    ``ingest_entries`` builds a fresh one per call unless given one: a worker
    that ingests many sources in a row (``poll_sources``) passes the same
    object, so each ingest reads only the items stored since the previous one
    instead of every signature of the last 3 days. It learns only from rows it
    reads back from the database (never from a batch that might roll back);
    it is rebuilt after an hour (stories merged or deleted meanwhile are then
    seen again), when time goes backwards, and when a story it points at is
    gone.
    """

    REBUILD_AFTER = datetime.timedelta(hours=1)

    def __init__(self, engines: Engines = DEFAULT_ENGINES) -> None:
        self._factory = engines.index_factory
        self.reset()

    def reset(self) -> None:
        self.index: StoryIndexLike | None = None
        self._built_at: datetime.datetime | None = None
        self._last_pk = 0
        self._story_of: dict[int, tuple[int, datetime.datetime]] = {}  # item pk → (story id, fetched at)

    def refresh(self, now: datetime.datetime) -> StoryIndexLike:
        built = self._built_at
        if self.index is None or built is None or now < built or now - built > self.REBUILD_AFTER:
            self.reset()
            self.index, self._built_at = self._factory(), now
        assert self.index is not None
        recent = (
            Item.objects.filter(pk__gt=self._last_pk, fetched_at__gte=now - CLUSTER_WINDOW, story__isnull=False)
            .exclude(signature=b"")
            .order_by("pk")
            .values_list("pk", "signature", "story_id", "fetched_at")
        )
        for pk, sig, story_id, seen_at in recent.iterator(chunk_size=2000):
            self.index.add(pk, bytes(sig))
            self._story_of[pk] = (story_id, seen_at)
            self._last_pk = max(self._last_pk, pk)
        return self.index

    def story_of(self, pk: int, now: datetime.datetime) -> int | None:
        found = self._story_of.get(pk)
        if found is None or found[1] < now - CLUSTER_WINDOW:
            return None
        return found[0]


def _assign_stories(
    items: list[Item],
    *,
    fetched_at: datetime.datetime,
    engines: Engines,
    stories: RecentStories | None = None,
    retry: bool = True,
) -> None:
    """Give each new item the story of a near-duplicate from the last 3 days, or a new story."""
    if stories is None:
        stories = RecentStories(engines)
    story_index = stories.refresh(fetched_at)
    batch_index = engines.index_factory()  # this batch's items, under negative keys

    leaders: list[Item] = []
    leader_of: dict[int, Item] = {}
    joined: dict[int, int] = {}  # position → existing story id
    for position, item in enumerate(items):
        if not item.signature:
            item.signature = engines.signature(f"{item.title}\n{item.text}")
        key = -(position + 1)
        existing_story: int | None = None
        leader: Item | None = None
        for candidate in batch_index.query(item.signature):
            if candidate in leader_of:
                leader = leader_of[candidate]
                break
        if leader is None:
            for candidate in story_index.query(item.signature):
                existing_story = stories.story_of(candidate, fetched_at)
                if existing_story:
                    break
        batch_index.add(key, item.signature)
        if existing_story:
            joined[position] = existing_story
        elif leader is not None:
            leader_of[key] = leader
        else:
            leader_of[key] = item
            leaders.append(item)
    wanted = set(joined.values())
    if wanted and len(Story.objects.filter(pk__in=wanted).values_list("pk")) != len(wanted):
        # A story was deleted since the index learnt about it: start again from the database.
        if retry:
            stories.reset()
            _assign_stories(items, fetched_at=fetched_at, engines=engines, stories=stories, retry=False)
            return
        raise RuntimeError("Stories vanished while new items were being clustered")
    for position, story_id in joined.items():
        items[position].story_id = story_id
    if leaders:
        created = [Story(title=item.title[:500], first_seen_at=fetched_at, last_seen_at=fetched_at) for item in leaders]
        _insert_rows(Story, created)
        for item, story in zip(leaders, created, strict=True):
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
            ingest = ingest_entries(
                source=source, entries=feed.entries, fetched_at=now, engines=engines, matcher=matcher, stories=stories
            )
            outcome = FetchLog.Outcome.NEW if ingest.new_items else FetchLog.Outcome.UNCHANGED
    except fetching.FetchError as exc:
        return _record_failure(
            source, now, started, kind=exc.kind, error=str(exc), status=exc.status, retry_after=exc.retry_after
        )
    except FeedParseError as exc:
        return _record_failure(source, now, started, kind="hard", error=str(exc), status=status, size=size)
    except Exception as exc:  # never a crashed worker: record it on the source
        log.exception("Polling source %s failed", source.pk)
        return _record_failure(
            source, now, started, kind="soft", error=f"{exc.__class__.__name__}: {exc}", status=status, size=size
        )
    return _record_success(source, now, started, result, outcome, ingest, server_delay)


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
            host = _site(source.url)
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


# --- Manual clips -------------------------------------------------------------


def can_add_items(actor: User) -> bool:
    return actor.is_active and (actor.is_unit_member or actor.is_admin)


def _manual_source(outlet: Outlet, actor: User) -> Source:
    """The outlet's manual-entry source of the actor's province (created on first use).

    It belongs to the province like a polled source, so alert rules, statistics and
    scoping treat a hand-added clip as any other item of that province.
    """
    organization = _source_organization(actor)
    source = (
        Source.objects.filter(outlet=outlet, kind=Source.Kind.MANUAL, organization=organization).order_by("pk").first()
    )
    if source is None:
        source = Source.objects.create(
            outlet=outlet,
            kind=Source.Kind.MANUAL,
            organization=organization,
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
    image_url: str = "",
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
        image_url=image_url.strip(),
    )
    ingest = ingest_entries(source=source, entries=[entry], fetched_at=now, actor=actor, engines=engines)
    if ingest.items:
        return ingest.items[0]
    (identity,) = normalize.identity_hashes([entry])
    existing = Item.objects.filter(source=source, identity_hash=identity).first()
    if existing is None:  # a title already clipped in the last 7 days
        existing = Item.objects.filter(source=source, title_hash=normalize.title_hash(entry.title)).latest("fetched_at")
    return existing


def add_clip_from_url(
    *,
    actor: User,
    outlet: Outlet,
    url: str,
    fetch: Callable[..., fetching.FetchResult] | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> Item:
    """Fetch the article at ``url`` (safe fetcher) and store it as a clip with its title, text, date and image.

    Raises ``fetching.FetchError`` or ``parsing.FeedParseError`` when the page
    cannot be fetched or has no article; nothing is stored then.
    """
    if not can_add_items(actor):
        raise PermissionDenied
    from pressdesk.monitoring.sources import Client, article

    found = article.fetch_article(url.strip(), client=Client(fetch=fetch or fetching.fetch))
    return add_manual_item(
        actor=actor,
        outlet=outlet,
        url=found.url,
        title=found.title or url,
        text=found.text,
        published_at=found.published_at,
        image_url=found.image_url,
        engines=engines,
    )


@transaction.atomic
def request_clip(*, actor: User, outlet: Outlet, url: str) -> ClipRequest:
    """Queue the clip of ``url``: a task fetches it after commit; the user follows its progress."""
    if not can_add_items(actor):
        raise PermissionDenied
    clip = ClipRequest.objects.create(requested_by=actor, outlet=outlet, url=url.strip())
    from pressdesk.monitoring import tasks

    enqueue(tasks.fetch_clip, clip.pk)
    return clip


def run_clip_request(
    *,
    clip_request_id: int,
    fetch: Callable[..., fetching.FetchResult] | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> ClipRequest | None:
    """Fetch and store one queued clip, recording its progress and outcome (a finished one is left alone)."""
    clip = ClipRequest.objects.select_related("requested_by", "outlet").filter(pk=clip_request_id).first()
    if clip is None or clip.finished:
        return clip
    ClipRequest.objects.filter(pk=clip.pk).update(status=ClipRequest.Status.FETCHING)
    try:
        item = add_clip_from_url(
            actor=clip.requested_by, outlet=clip.outlet, url=clip.url, fetch=fetch, engines=engines
        )
    except fetching.FetchError as exc:
        return _finish_clip(clip, error=_("The page could not be fetched: %(reason)s") % {"reason": exc})
    except FeedParseError:
        return _finish_clip(clip, error=_("No article could be read from this page."))
    except PermissionDenied:
        return _finish_clip(clip, error=_("You can no longer add clips."))
    return _finish_clip(clip, item=item)


def _finish_clip(clip: ClipRequest, *, item: Item | None = None, error: str = "") -> ClipRequest:
    clip.item = item
    clip.error = error[:2000]
    clip.status = ClipRequest.Status.FAILED if error else ClipRequest.Status.DONE
    clip.finished_at = timezone.now()
    clip.save(update_fields=["item", "error", "status", "finished_at"])
    return clip


# --- Configuration: sources and watch terms -----------------------------------


def can_configure(actor: User) -> bool:
    return actor.is_active and (actor.is_unit_member or actor.is_admin)


def _source_organization(actor: User) -> Any:
    """The province the actor's unit belongs to (its scope root), else the actor's own organization."""
    from pressdesk.organizations.models import Organization
    from pressdesk.organizations.queries import scope_root

    root = scope_root(actor)
    return root if isinstance(root, Organization) else actor.organization


SOURCE_FIELDS = ("name", "kind", "url", "poll_interval", "allowed_private", "config", "password")


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
    fields["secret"] = _encrypted(fields.pop("password", ""))
    return Source.objects.create(
        outlet=outlet,
        organization=_source_organization(actor),
        next_check_at=timezone.now(),
        created_by=actor,
        **fields,
    )


def _encrypted(password: str) -> str:
    from pressdesk.monitoring.sources import credentials

    return credentials.encrypt(password) if password else ""


def _check_can_change_source(actor: User, source: Source) -> None:
    from pressdesk.monitoring.queries import sources_visible_to

    if not can_configure(actor) or not sources_visible_to(actor).filter(pk=source.pk).exists():
        raise PermissionDenied


def _address_changes(source: Source, fields: dict[str, Any]) -> bool:
    """Whether ``fields`` change where the source connects (its address or its mail server)."""
    if fields.get("url", source.url) != source.url or fields.get("kind", source.kind) != source.kind:
        return True
    old, new = source.config or {}, fields.get("config", source.config) or {}
    return any(old.get(key) != new.get(key) for key in ("host", "port", "security"))


@transaction.atomic
def update_source(*, actor: User, source: Source, outlet: Outlet | None = None, **fields: Any) -> Source:
    _check_can_change_source(actor, source)
    _check_source_fields(actor, fields)
    if outlet is not None:
        source.outlet = outlet
    password = fields.pop("password", "")
    if password:  # an empty password keeps the stored one
        source.secret = _encrypted(password)
    if fields.get("url", source.url) != source.url or fields.get("config", source.config) != source.config:
        source.state = {}  # another account, tag or page: its cursor starts again
        source.etag = source.last_modified = source.body_hash = ""
    if not actor.is_admin and source.allowed_private and _address_changes(source, fields):
        # An administrator allowed the internal host they saw, not whatever the source points at next.
        source.allowed_private = False
    for name, value in fields.items():
        setattr(source, name, value)
    if "url" in fields or "poll_interval" in fields or "config" in fields or password:
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
    enqueue(tasks.poll_source, source_id)


def _check_term_institution(actor: User, organization: Any) -> None:
    """The institution a term is about must be one the actor sees (their province, or a national body)."""
    from pressdesk.organizations.queries import organizations_visible_to

    if organization is not None and not organizations_visible_to(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied


def _term_province(actor: User, organization: Any, current: Any = None) -> Any:
    """The province a term belongs to: the actor's; an administrator's term follows its institution."""
    from pressdesk.documents.actions import provincial_directorate
    from pressdesk.organizations.queries import scope_root

    if not actor.is_admin:
        return scope_root(actor)
    return provincial_directorate(organization) or current or provincial_directorate(actor.organization)


@transaction.atomic
def create_watch_term(
    *, actor: User, name: str, query: str, organization: Any = None, is_active: bool = True
) -> WatchTerm:
    """A new watch term of the actor's province; ``query`` must parse (``matching.QuerySyntaxError`` otherwise)."""
    from pressdesk.monitoring.matching import parse_query

    if not can_configure(actor):
        raise PermissionDenied
    _check_term_institution(actor, organization)
    parse_query(query)
    return WatchTerm.objects.create(
        name=name,
        query=query,
        organization=organization,
        province=_term_province(actor, organization),
        is_active=is_active,
        created_by=actor,
    )


@transaction.atomic
def update_watch_term(*, actor: User, term: WatchTerm, **fields: Any) -> WatchTerm:
    """Change a term of the actor's province (administrators: any term); it cannot move to another province."""
    from pressdesk.monitoring.matching import parse_query
    from pressdesk.monitoring.queries import watch_terms_visible_to

    if not can_configure(actor) or not watch_terms_visible_to(actor).filter(pk=term.pk).exists():
        raise PermissionDenied
    unknown = set(fields) - {"name", "query", "organization", "is_active"}
    if unknown:
        raise TypeError(f"Unknown watch term fields: {sorted(unknown)}")
    if "query" in fields:
        parse_query(fields["query"])
    if "organization" in fields:
        _check_term_institution(actor, fields["organization"])
        if actor.is_admin:
            term.province = _term_province(actor, fields["organization"], term.province)
    for name, value in fields.items():
        setattr(term, name, value)
    term.save()
    return term
