"""Ingest: store the entries of one fetch not seen before, matched against watch terms and clustered into stories.

Duplicates are found by identity and title hashes; new items and their matches
are written by the bulk inserts of ``bulk.py``. Matching and clustering go through
small seams (``Engines``) that tests and benchmarks replace.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery

from pressdesk.lib.turkish import normalize_text
from pressdesk.monitoring import bulk, normalize, signals
from pressdesk.monitoring.models import Item, Source, Story, WatchTerm
from pressdesk.monitoring.parsing import ParsedEntry

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

log = logging.getLogger(__name__)

TITLE_DEDUP_WINDOW = datetime.timedelta(days=7)
CLUSTER_WINDOW = datetime.timedelta(days=3)


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


def site_of(url: str) -> str:
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
                author=normalize_text(entry.author)[:200],
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
            found = match_spans(item.title, item.text, site_of(item.original_url or item.url))
            if found:
                item.matched = True
                matches.append((position, found))

    _assign_stories(items, fetched_at=fetched_at, engines=engines, stories=stories)

    bulk.insert_items(items)
    bulk.insert_matches(
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
        bulk.insert_rows(Story, created)
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
