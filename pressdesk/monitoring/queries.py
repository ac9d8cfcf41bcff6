"""Reads of media monitoring, scoped to what each user may see.

The unit's roles see the sources of their province (and the manual clips of
its staff), administrators see everything, every other role sees nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from pressdesk.lib import cached_counts
from pressdesk.lib.search import words_q
from pressdesk.monitoring import fulltext
from pressdesk.monitoring.matching import Hit, highlight, stored_hits
from pressdesk.monitoring.models import (
    Backfill,
    ClipFile,
    ClipRequest,
    FetchLog,
    Importance,
    Item,
    ItemMatch,
    Outlet,
    Source,
    Story,
    StoryTriage,
    WatchTerm,
    outlets_reach,
)
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for, province_of, scope_q, scope_root

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

SLOW_FETCH_MS = 5000
SILENT_AFTER = datetime.timedelta(days=7)
POLLING_FILTERS = ("due", "failing", "slow", "silent")


def can_monitor(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_admin or user.is_unit_member))


def sources_visible_to(user: User) -> QuerySet[Source]:
    qs = Source.objects.all()
    if not can_monitor(user):
        return qs.none()
    if user.is_admin:
        return qs
    # Manual-entry sources have no organization: they belong to whoever clipped into them.
    return qs.filter(scope_q(user) | (Q(organization__isnull=True) & scope_q(user, "created_by__organization")))


def get_source_for_user(user: User, pk: int) -> Source:
    try:
        return sources_visible_to(user).select_related("outlet", "organization").get(pk=pk)
    except Source.DoesNotExist as exc:
        raise Http404 from exc


def items_visible_to(user: User) -> QuerySet[Item]:
    if not can_monitor(user):
        return Item.objects.none()
    if user.is_admin:
        return Item.objects.all()
    return Item.objects.filter(source__in=sources_visible_to(user).values("pk"))


def stories_visible_to(user: User) -> QuerySet[Story]:
    if not can_monitor(user):
        return Story.objects.none()
    if user.is_admin:
        return Story.objects.filter(item_count__gt=0)
    visible = items_visible_to(user).filter(story=OuterRef("pk"))
    return Story.objects.filter(Exists(visible))


def get_story_for_user(user: User, pk: int) -> Story:
    try:
        return stories_visible_to(user).get(pk=pk)
    except Story.DoesNotExist as exc:
        raise Http404 from exc


def watch_terms_visible_to(user: User) -> QuerySet[WatchTerm]:
    """The watch terms of ``user``'s province (every term for administrators).

    Matching is global, but a term belongs to one province (``WatchTerm.province``):
    only that province's unit lists, filters by and edits it. Press officers and
    requesters have no terms (``can_monitor``).
    """
    if not can_monitor(user):
        return WatchTerm.objects.none()
    qs = WatchTerm.objects.select_related("organization")
    if user.is_admin:
        return qs
    return qs.filter(scope_q(user, "province"))


def get_watch_term_for_user(user: User, pk: int) -> WatchTerm:
    try:
        return watch_terms_visible_to(user).get(pk=pk)
    except WatchTerm.DoesNotExist as exc:
        raise Http404 from exc


def matches_visible_to(user: User) -> QuerySet[ItemMatch]:
    """The matches of the terms ``user`` sees: another province's term may have matched the same item.

    The unit sees its province's terms; a press officer (no terms of their own) sees the matches
    of the terms about their institution, which is what brings a story to their triage screen.
    """
    qs = ItemMatch.objects.select_related("term")
    if user.is_admin:
        return qs
    if can_monitor(user):
        return qs.filter(term__in=watch_terms_visible_to(user).values("pk"))
    return qs.filter(scope_q(user, "term__organization"))


def with_last_duration(qs: QuerySet[Source]) -> QuerySet[Source]:
    last = FetchLog.objects.filter(source=OuterRef("pk")).order_by("-started_at").values("duration_ms")[:1]
    return qs.annotate(last_duration_ms=Subquery(last))


def polling_status(qs: QuerySet[Source], status: str, *, now: datetime.datetime | None = None) -> QuerySet[Source]:
    """Keep the sources that are ``due``, ``failing``, ``slow`` or ``silent``; any other value keeps all.

    * due: active and the next check time has passed;
    * failing: failures since the last success, or the last answer was an HTTP error;
    * slow: the last fetch took more than 5 seconds;
    * silent: active, and no new item for more than 7 days.
    """
    now = now or timezone.now()
    if status == "due":
        return qs.filter(is_active=True, next_check_at__lte=now)
    if status == "failing":
        return qs.filter(Q(failure_count__gt=0) | Q(last_status__gte=400))
    if status == "slow":
        return with_last_duration(qs).filter(last_duration_ms__gt=SLOW_FETCH_MS)  # type: ignore[misc]
    if status == "silent":
        cutoff = now - SILENT_AFTER
        return qs.filter(is_active=True).filter(
            Q(last_new_item_at__lt=cutoff) | Q(last_new_item_at__isnull=True, created_at__lt=cutoff)
        )
    return qs


# --- Triage state of a province ------------------------------------------------


def triage_rows(province: Organization | None, *, story: str = "pk", item: str | None = None) -> QuerySet[StoryTriage]:
    """The triage row that applies to the story of an outer query (``story`` names its field there).

    With a province: that province's row. Without one (an administrator's view of every
    province), ``item`` names the outer query's item (``""`` when it is the item itself)
    and each item is read with the row of the province its source belongs to.
    Use inside ``Exists`` or ``Subquery``.
    """
    rows = StoryTriage.objects.filter(story=OuterRef(story))
    if province is not None:
        return rows.filter(province=province)
    if item is None:
        return rows.filter(province__isnull=True)  # nothing: no province to read
    # A manual-entry source has no organization: it belongs to whoever clipped into it.
    item_path = ExpressionWrapper(
        Coalesce(
            OuterRef(f"{item}source__organization__path"), OuterRef(f"{item}source__created_by__organization__path")
        ),
        output_field=CharField(),
    )
    return rows.alias(item_path=item_path).filter(item_path__startswith=F("province__path"))


def staff_sentiment(province: Organization | None, *, story: str = "pk", item: str | None = None) -> Coalesce:
    """The province's staff label of the outer query's story, ``""`` when it has none."""
    rows = triage_rows(province, story=story, item=item).order_by("pk")
    return Coalesce(Subquery(rows.values("sentiment")[:1]), Value(""))


def staff_importance(province: Organization | None, *, story: str = "pk", item: str | None = None) -> Coalesce:
    """The province's importance of the outer query's story (normal when it has not set one)."""
    rows = triage_rows(province, story=story, item=item).order_by("pk")
    return Coalesce(Subquery(rows.values("importance")[:1]), Value(int(Importance.NORMAL)))


def attach_triage(stories: list[Story], province: Organization | None) -> list[Story]:
    """Set ``story.triage`` to ``province``'s row (or the untriaged default) on each story; one query."""
    rows: dict[int, StoryTriage] = {}
    if province is not None and stories:
        rows = {
            row.story_id: row
            for row in StoryTriage.objects.filter(
                province=province, story_id__in=[story.pk for story in stories]
            ).select_related("assignee", "reviewed_by")
        }
    for story in stories:
        row = rows.get(story.pk) or StoryTriage.default(story, province.pk if province is not None else None)
        row.story = story
        story.triage = row  # type: ignore[attr-defined]
    return stories


# --- Archive --------------------------------------------------------------------


def sentiment_q(sentiment: str, province: Organization | None = None) -> Q:
    """Items whose story has this sentiment in ``province``: its staff label, else the suggestion (story, then item).

    Without a province each item is read with its own source's province (see ``triage_rows``).
    """
    rows = triage_rows(province, story="story", item="")
    labelled = Exists(rows.exclude(sentiment=""))
    return (
        Q(Exists(rows.filter(sentiment=sentiment)))
        | (~labelled & Q(story__sentiment_suggested=sentiment))
        | ((Q(story__isnull=True) | (~labelled & Q(story__sentiment_suggested=""))) & Q(sentiment_suggested=sentiment))
    )


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


#: Raised whenever a source is saved or deleted (``apps.py``): the cached lists of visible sources start afresh.
SOURCES_GENERATION = "monitoring:sources-generation"


def _archive_visible_items(user: User) -> QuerySet[Item]:
    """``items_visible_to(user)`` with the visible sources as a list of ids kept a few seconds per scope.

    The archive plans two full-text queries per search; with the sources as a constant list
    instead of a subquery over sources, organizations and users, each plans in half the time
    (issue 21). A new or changed source raises ``SOURCES_GENERATION``, so it shows at once.
    """
    root = scope_root(user)
    if not settings.WEB_FAST_PATHS or not isinstance(root, Organization) or not can_monitor(user):
        return items_visible_to(user)
    generation = cached_counts.generation(SOURCES_GENERATION)
    ids = cached_counts.cached_ids(
        f"monitoring:visible-sources:{generation}:{root.path}",
        lambda: list(sources_visible_to(user).values_list("pk", flat=True)),
        cached_counts.SHARED_COUNT_SECONDS,
    )
    return Item.objects.filter(source_id__in=ids)


def archive_items(
    user: User, filters: dict[str, Any], *, search: fulltext.SearchQuery | None = None, scan_by_date: bool = False
) -> QuerySet[Item]:
    """The archive search: items ``user`` may see, narrowed by ``filters`` (``ArchiveSearchForm.filters``).

    ``scan_by_date``: the same rows in the same order, planned for reading the first pages
    of a large result (``fulltext.search``); ``CappedPaginator`` uses it past its cap.

    ``q`` is searched in the full-text index (see ``fulltext``); ``sort`` is ``date``
    (newest first, the default) or ``relevance`` (rank, then newest). Matches are prefetched
    with their terms, outlet and source joined: the cost does not grow with the page size.
    """
    items = _archive_visible_items(user)
    province = province_for(user)
    query = search if search is not None else fulltext.parse(filters.get("q", ""))
    # Whole local days as a datetime range, so that the published_at index serves it.
    if filters.get("date_from"):
        items = items.filter(published_at__gte=_start_of_day(filters["date_from"]))
    if filters.get("date_to"):
        items = items.filter(published_at__lt=_start_of_day(filters["date_to"] + datetime.timedelta(days=1)))
    if filters.get("source"):
        items = items.filter(source=filters["source"])
    if filters.get("outlet_kind"):
        items = items.filter(outlet__kind=filters["outlet_kind"])
    if filters.get("province"):
        items = items.filter(words_q(filters["province"], ["outlet__province"]))
    if filters.get("term"):
        items = items.filter(Exists(ItemMatch.objects.filter(item=OuterRef("pk"), term=filters["term"])))
    if filters.get("institution"):
        items = items.filter(
            Exists(ItemMatch.objects.filter(item=OuterRef("pk"), term__organization=filters["institution"]))
        )
    if filters.get("sentiment"):
        items = items.filter(sentiment_q(filters["sentiment"], province))
    by_relevance = filters.get("sort") == "relevance" and query.node is not None
    narrow = bool(filters.get("source")) and _source_is_small(filters["source"])
    items = fulltext.search(items, query, by_relevance=by_relevance, narrow=narrow, scan_by_date=scan_by_date)
    if not by_relevance:
        items = items.order_by("-published_at", "-pk")
    return _archive_joins(items, user, province)


#: A source with at most this many items is searched by checking its rows, not the index.
NARROW_SOURCE_ITEMS = 20_000


def _source_is_small(source: Source) -> bool:
    """Whether a source holds few enough items to check each (one index-only count, stopped early)."""
    return Item.objects.filter(source=source).values("pk")[: NARROW_SOURCE_ITEMS + 1].count() <= NARROW_SOURCE_ITEMS


def _archive_joins(items: QuerySet[Item], user: User, province: Organization | None) -> QuerySet[Item]:
    # The signature (512 bytes) and the summary HTML are never shown in the archive.
    # ``staff_sentiment``: the label of the reader's province on the item's story, and
    # ``story_sentiment`` the story's suggested one (``views._sentiment_label``): the story
    # row itself (its texts) and the source (its settings, decoded as JSON) are never shown.
    return (
        items.defer("signature", "summary_html")
        .annotate(
            staff_sentiment=staff_sentiment(province, story="story", item=""),
            story_sentiment=F("story__sentiment_suggested"),
        )
        .select_related("outlet", "clip_details")
        .prefetch_related(Prefetch("matches", queryset=matches_visible_to(user)))
    )


def archive_rows(pks: list[int], *, user: User) -> QuerySet[Item]:
    """The archive rows of ``pks`` (already found by a visibility-checked ``archive_items`` query)."""
    return _archive_joins(Item.objects.filter(pk__in=pks), user, province_for(user))


class CappedPaginator(Paginator):
    """Counts at most ``cap`` results: a common word in a million items costs a bounded count.

    ``capped`` tells the template to say "more than …" instead of an exact number.
    """

    cap = 1000

    def __init__(
        self, object_list: Any, per_page: int, *, rows_for: Any = None, large_pks: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        # rows_for(pks) reads a page's rows by primary key without the search's conditions.
        self.rows_for = rows_for
        # large_pks() gives the ids of the same rows in the same order, planned for a result
        # past the cap (the page is then read by id with rows_for).
        self.large_pks = large_pks

    @cached_property
    def count(self) -> int:
        """The capped count; when every match fits under the cap, also the order of all of them.

        The matching rows' ids come with their sort keys in one query, so a page of a small
        result (a word within one source) needs no second full-text search: the page is then
        read by primary key. A full-text match of prefix words is the costly part of a search.
        """
        self._ordered_pks: list[Any] | None = None
        ordering = self._plain_ordering()
        if ordering is None:
            found = self.object_list.order_by().values("pk")[: self.cap + 1].count()  # type: ignore[union-attr,attr-defined]
        else:
            fields, descending = ordering
            rows = list(_sort_keys(self.object_list.order_by(), fields)[: self.cap + 1])  # type: ignore[union-attr,attr-defined]
            found = len(rows)
            if found <= self.cap and all(None not in row for row in rows):
                rows.sort(key=lambda row: row[1:], reverse=descending)
                self._ordered_pks = [row[0] for row in rows]
        self.capped = found > self.cap
        return min(found, self.cap)

    def _plain_ordering(self) -> tuple[list[str], bool] | None:
        """The queryset's ordering as (field names, descending) when all go one way, else None."""
        order_by = getattr(getattr(self.object_list, "query", None), "order_by", None)
        if not order_by or not all(isinstance(name, str) for name in order_by):
            return None
        directions = {name.startswith("-") for name in order_by}
        if len(directions) != 1:
            return None
        return [name.lstrip("-") for name in order_by], directions.pop()

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)  # computes the count (and the order, if it fits)
        pks = self._ordered_pks
        bottom = (number - 1) * self.per_page
        if pks is None and self.capped and self.large_pks is not None and self.rows_for is not None:
            chosen = list(self.large_pks()[bottom : bottom + self.per_page])
        elif pks is None:
            return super().page(number)
        else:
            chosen = pks[bottom : bottom + self.per_page]
        found = self.rows_for(chosen) if self.rows_for else self.object_list.order_by().filter(pk__in=chosen)  # type: ignore[union-attr,attr-defined]
        rows = {row.pk: row for row in found}
        return Page([rows[pk] for pk in chosen if pk in rows], number, self)


def _sort_keys(queryset: QuerySet[Any], fields: list[str]) -> QuerySet[Any]:
    """``(pk, *fields)`` rows to sort in Python, each date-time field read as its text.

    The database writes a date-time in UTC with a fixed layout (ISO date, then time, the
    fractional part only when there is one), so the texts sort as the values do; reading
    a thousand texts costs half as much as building a thousand aware datetimes.
    """
    keys: dict[str, Any] = {}
    names = []
    for name in fields:
        try:
            field = queryset.model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if isinstance(field, DateTimeField):
            keys[f"_sort_{name}"] = Cast(name, output_field=CharField())
            names.append(f"_sort_{name}")
        else:
            names.append(name)
    return queryset.annotate(**keys).values_list("pk", *names) if keys else queryset.values_list("pk", *names)


def get_clip_request_for_user(user: User, pk: int) -> ClipRequest:
    """A clip request the user made themselves; anyone else's is 404."""
    clip = ClipRequest.objects.select_related("item").filter(pk=pk, requested_by=user).first()
    if clip is None:
        raise Http404
    return clip


# --- What the screens show ---------------------------------------------------------------


def source_list_order(sources: QuerySet[Source]) -> QuerySet[Source]:
    """The source list's order, with each source's outlet."""
    return sources.select_related("outlet").order_by("name", "pk")


def recent_fetch_logs(source: Source, limit: int = 20) -> QuerySet[FetchLog]:
    return FetchLog.objects.filter(source=source).order_by("-started_at")[:limit]


def recent_items_of(source: Source, limit: int = 10) -> QuerySet[Item]:
    return Item.objects.filter(source=source).select_related("outlet").order_by("-published_at", "-pk")[:limit]


def watch_term_list_for(user: User) -> QuerySet[WatchTerm]:
    return watch_terms_visible_to(user).order_by("name")


def story_list_for(user: User) -> QuerySet[Story]:
    """The stories ``user`` sees, most recently seen first."""
    return stories_visible_to(user).order_by("-last_seen_at", "-pk")


def story_items_for(user: User, story: Story) -> list[Item]:
    """The items of ``story`` that ``user`` sees, oldest first, with their source, outlet and visible matches."""
    return list(
        items_visible_to(user)
        .filter(story=story)
        .select_related("outlet", "source", "clip_details")
        .prefetch_related(Prefetch("matches", queryset=matches_visible_to(user)), "files")
        .order_by("published_at", "pk")
    )


def summarise_stories_for(user: User, stories: list[Story]) -> None:
    """Attach to each of ``stories`` (a page of the story list) what ``user`` sees of it: its
    visible items, outlets, matched terms and highlighted title (``summarise_stories``)."""
    visible_items = (
        items_visible_to(user).filter(story_id__in=[story.pk for story in stories]).order_by("published_at", "pk")
    )
    visible_matches = matches_visible_to(user)
    if settings.WEB_FAST_PATHS:
        summarise_stories(stories, visible_items, visible_matches)
    else:
        summarise_stories_with_instances(stories, visible_items, visible_matches)


def summarise_stories(stories: list[Story], visible_items: QuerySet[Item], matches_qs: QuerySet[ItemMatch]) -> None:
    """Each story's visible items, outlets, matched terms and highlighted title, from plain rows.

    A page holds hundreds of items; the page shows only their number, outlets and terms
    and the first one's title. Rows as tuples (no model instance or prefetch manager per
    item, which was most of this page's time) in four small queries.
    """
    rows = list(visible_items.values_list("pk", "story_id", "title", "outlet_id"))
    matches: dict[int, list[tuple[int, str, list[Any]]]] = defaultdict(list)
    for item_id, term_id, field, spans in (
        matches_qs.filter(item_id__in=[row[0] for row in rows])
        .order_by("pk")
        .values_list("item_id", "term_id", "field", "spans")
    ):
        matches[item_id].append((term_id, field, spans))
    term_ids = {term_id for found in matches.values() for term_id, _field, _spans in found}
    terms = {term.pk: term for term in WatchTerm.objects.filter(pk__in=term_ids).only("pk", "name")}
    outlets = {outlet.pk: outlet for outlet in Outlet.objects.filter(pk__in={row[3] for row in rows})}
    by_story: dict[int, list[tuple[int, int, str, int]]] = defaultdict(list)
    for row in rows:
        by_story[row[1]].append(row)
    for story in stories:
        items = by_story.get(story.pk, [])
        story.visible_items = items  # type: ignore[attr-defined]
        story.outlets = list({row[3]: outlets[row[3]] for row in items}.values())  # type: ignore[attr-defined]
        story.reach = outlets_reach(story.outlets)  # type: ignore[attr-defined]
        story_terms: dict[int, WatchTerm] = {}
        for row in items:
            for term_id, _field, _spans in matches.get(row[0], []):
                story_terms.setdefault(term_id, terms[term_id])
        story.terms = list(story_terms.values())  # type: ignore[attr-defined]
        title, hits = story.title, []
        if items:
            title = items[0][2]
            stored = [ItemMatch(field=field, spans=spans) for _term, field, spans in matches.get(items[0][0], [])]
            hits = stored_hits(stored, "title")
        story.title_html = mark_safe(highlight(title, hits))  # type: ignore[attr-defined]  # noqa: S308 - highlight() escapes the title


def summarise_stories_with_instances(
    stories: list[Story], visible_items: QuerySet[Item], matches_qs: QuerySet[ItemMatch]
) -> None:
    """The same as ``summarise_stories`` through model instances and a prefetch (``WEB_FAST_PATHS`` off)."""
    items_by_story: dict[int, list[Item]] = defaultdict(list)
    for item in (
        visible_items.select_related("outlet")
        .only("pk", "story_id", "title", "url", "published_at", "outlet__name", "outlet__kind", "outlet__reach")
        .prefetch_related(Prefetch("matches", queryset=matches_qs))
    ):
        assert item.story_id is not None
        items_by_story[item.story_id].append(item)
    for story in stories:
        items = items_by_story.get(story.pk, [])
        story.visible_items = items  # type: ignore[attr-defined]
        outlets: dict[int, Any] = {}
        terms: dict[int, Any] = {}
        for item in items:
            outlets.setdefault(item.outlet_id, item.outlet)
            for match in item.matches.all():
                terms.setdefault(match.term_id, match.term)
        story.outlets = list(outlets.values())  # type: ignore[attr-defined]
        story.reach = outlets_reach(story.outlets)  # type: ignore[attr-defined]
        story.terms = list(terms.values())  # type: ignore[attr-defined]
        first = items[0] if items else None
        title = first.title if first else story.title
        hits = stored_hits(first.matches.all(), "title") if first else []
        story.title_html = mark_safe(highlight(title, hits))  # type: ignore[attr-defined]  # noqa: S308 - highlight() escapes the title


# --- Watch-term query tester and back-fill -----------------------------------------------

TESTER_DAYS = 30
# The newest items of the window checked per request, said on screen when reached: matching costs
# ≈ 0.5 ms per item on this machine (``benchmarks/bench_backfill.py``), so about half a second.
TESTER_MAX_ITEMS = 1000
TESTER_SHOWN = 20


@dataclass
class QueryTrial:
    """What a watch query would have matched among the newest visible items of the last ``TESTER_DAYS`` days."""

    count: int = 0
    checked: int = 0
    capped: bool = False
    items: list[Item] = dataclass_field(default_factory=list)


def try_query(user: User, query: str, *, now: datetime.datetime | None = None) -> QueryTrial:
    """Match ``query`` against the items ``user`` sees from the last 30 days, newest first.

    At most ``TESTER_MAX_ITEMS`` items are checked (``capped`` says so); the newest
    ``TESTER_SHOWN`` matches come back with ``title_hits`` and ``text_hits`` set.
    Raises ``matching.QuerySyntaxError`` for a malformed query.
    """
    from pressdesk.monitoring.ingest import site_of
    from pressdesk.monitoring.matching import Matcher

    matcher = Matcher([(0, query)])
    now = now or timezone.now()
    since = now - datetime.timedelta(days=TESTER_DAYS)
    rows = (
        items_visible_to(user)
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .values_list("pk", "title", "text", "url", "original_url")[: TESTER_MAX_ITEMS + 1]
    )
    trial = QueryTrial()
    shown: dict[int, list[Hit]] = {}
    with_site = "site:" in query.casefold()  # reading each item's host costs as much as a short text
    for pk, title, text, url, original_url in rows.iterator(chunk_size=500):
        if trial.checked == TESTER_MAX_ITEMS:
            trial.capped = True
            break
        trial.checked += 1
        hits = matcher.match(title, text, site_of(original_url or url) if with_site else "").get(0)
        if hits is None:
            continue
        trial.count += 1
        if len(shown) < TESTER_SHOWN:
            shown[pk] = hits
    items = Item.objects.filter(pk__in=shown).select_related("outlet").order_by("-published_at", "-pk")
    for item in items:
        hits = shown[item.pk]
        item.title_hits = [hit for hit in hits if hit.field == "title"]  # type: ignore[attr-defined]
        item.text_hits = [hit for hit in hits if hit.field == "text"]  # type: ignore[attr-defined]
        trial.items.append(item)
    return trial


def latest_backfill(term: WatchTerm) -> Backfill | None:
    return Backfill.objects.filter(term=term).order_by("-created_at", "-pk").first()


def backfill_items_for(user: User) -> QuerySet[Item]:
    """The items a back-fill asked by ``user`` goes through: those the user sees."""
    return items_visible_to(user)


def get_clip_file_for_user(user: User, pk: int) -> ClipFile:
    clip_file = ClipFile.objects.filter(pk=pk, item__in=items_visible_to(user).values("pk")).first()
    if clip_file is None:
        raise Http404
    return clip_file


# --- Issue 30: clipping services, the Ministry's report, push connections ----------


def _province_ids(user: User) -> Any:
    """The provinces (scope roots) whose clipping services and reports ``user`` sees."""
    from pressdesk.organizations.models import Organization
    from pressdesk.organizations.queries import scope_root

    root = scope_root(user)
    if isinstance(root, Organization):
        return [root.pk]
    return [user.organization_id] if user.organization_id else []


def clipping_providers_for(user: User) -> QuerySet[Any]:
    from pressdesk.monitoring.models import ClippingProvider

    if not can_monitor(user):
        return ClippingProvider.objects.none()
    if user.is_admin:
        return ClippingProvider.objects.all()
    return ClippingProvider.objects.filter(province_id__in=_province_ids(user))


def get_clipping_provider_for_user(user: User, pk: int) -> Any:
    provider = clipping_providers_for(user).filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def clipping_imports_for(user: User, *, limit: int = 20) -> list[Any]:
    from pressdesk.monitoring.models import ClippingImport

    return list(
        ClippingImport.objects.filter(provider__in=clipping_providers_for(user).values("pk"))
        .select_related("provider", "mailbox__outlet")
        .order_by("-created_at")[:limit]
    )


def mailbox_clipping_provider(mailbox: Source) -> Any:
    """The clipping service whose exports ``mailbox`` (an IMAP source) takes in, if one of its province."""
    from pressdesk.monitoring.models import ClippingProvider

    provider_id = (mailbox.config or {}).get("clipping_provider")
    if not isinstance(provider_id, int):
        return None
    province = province_of(mailbox.organization)
    return ClippingProvider.objects.filter(pk=provider_id, province=province).first() if province else None


def ministry_reports_for(user: User) -> QuerySet[Any]:
    from pressdesk.monitoring.models import MinistryReport

    if not can_monitor(user):
        return MinistryReport.objects.none()
    if user.is_admin:
        return MinistryReport.objects.all()
    return MinistryReport.objects.filter(province_id__in=_province_ids(user))


def get_ministry_report_for_user(user: User, pk: int) -> Any:
    report = ministry_reports_for(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def ministry_reports_between(province_id: int, start: Any, end: Any) -> list[Any]:
    """The Ministry's reports of a province dated within a report's period (for the daily report's mail)."""
    from pressdesk.monitoring.models import MinistryReport

    first, last = timezone.localdate(start), timezone.localdate(end)
    return list(
        MinistryReport.objects.filter(province_id=province_id, report_date__gte=first, report_date__lte=last).order_by(
            "report_date", "pk"
        )
    )


def stream_statuses_for(user: User) -> list[Any]:
    """The push connections of the sources ``user`` sees (Mastodon, Bluesky, WebSub), with their source."""
    from pressdesk.monitoring.models import StreamStatus

    return list(
        StreamStatus.objects.filter(source__in=sources_visible_to(user).values("pk"))
        .select_related("source", "source__outlet", "source__websub")
        .order_by("source__name", "source_id")
    )


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def items_tracked_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Media items found by the watch terms, per month of [start, end), in the province (one query)."""
    from pressdesk.lib import activity
    from pressdesk.monitoring.models import Item

    qs = Item.objects.filter(matched=True)
    if province is not None:
        qs = qs.filter(source__organization__path__startswith=province.path)
    return activity.count_by_month(qs, "fetched_at", start, end)
