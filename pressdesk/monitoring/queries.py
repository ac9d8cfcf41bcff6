"""Reads of media monitoring, scoped to what each user may see.

The unit's roles see the sources of their province (and the manual clips of
its staff), administrators see everything, every other role sees nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from pressdesk.lib.search import words_q
from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import FetchLog, Item, ItemMatch, Source, Story, WatchTerm
from pressdesk.organizations.queries import scope_q

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
    """The matches of the terms ``user`` sees: another province's term may have matched the same item."""
    return ItemMatch.objects.filter(term__in=watch_terms_visible_to(user).values("pk")).select_related("term")


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


# --- Archive --------------------------------------------------------------------


def sentiment_q(sentiment: str) -> Q:
    """Items whose story has this sentiment: the staff's label, else the suggestion (story, then item)."""
    return (
        Q(story__sentiment=sentiment)
        | Q(story__sentiment="", story__sentiment_suggested=sentiment)
        | (
            (Q(story__isnull=True) | Q(story__sentiment="", story__sentiment_suggested=""))
            & Q(sentiment_suggested=sentiment)
        )
    )


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def archive_items(user: User, filters: dict[str, Any], *, search: fulltext.SearchQuery | None = None) -> QuerySet[Item]:
    """The archive search: items ``user`` may see, narrowed by ``filters`` (``ArchiveSearchForm.filters``).

    ``q`` is searched in the full-text index (see ``fulltext``); ``sort`` is ``date``
    (newest first, the default) or ``relevance`` (rank, then newest). Matches are prefetched
    with their terms, outlet and source joined: the cost does not grow with the page size.
    """
    items = items_visible_to(user)
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
        items = items.filter(sentiment_q(filters["sentiment"]))
    by_relevance = filters.get("sort") == "relevance" and query.node is not None
    narrow = bool(filters.get("source")) and _source_is_small(filters["source"])
    items = fulltext.search(items, query, by_relevance=by_relevance, narrow=narrow)
    if not by_relevance:
        items = items.order_by("-published_at", "-pk")
    return _archive_joins(items, user)


#: A source with at most this many items is searched by checking its rows, not the index.
NARROW_SOURCE_ITEMS = 20_000


def _source_is_small(source: Source) -> bool:
    """Whether a source holds few enough items to check each (one index-only count, stopped early)."""
    return Item.objects.filter(source=source).values("pk")[: NARROW_SOURCE_ITEMS + 1].count() <= NARROW_SOURCE_ITEMS


def _archive_joins(items: QuerySet[Item], user: User) -> QuerySet[Item]:
    # The signature (512 bytes) and the summary HTML are never shown in the archive.
    return (
        items.defer("signature", "summary_html")
        .select_related("outlet", "source", "story")
        .prefetch_related(Prefetch("matches", queryset=matches_visible_to(user)))
    )


def archive_rows(pks: list[int], user: User) -> QuerySet[Item]:
    """The archive rows of ``pks`` (already found by a visibility-checked ``archive_items`` query)."""
    return _archive_joins(Item.objects.filter(pk__in=pks), user)


class CappedPaginator(Paginator):
    """Counts at most ``cap`` results: a common word in a million items costs a bounded count.

    ``capped`` tells the template to say "more than …" instead of an exact number.
    """

    cap = 1000

    def __init__(self, object_list: Any, per_page: int, *, rows_for: Any = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        # rows_for(pks) reads a page's rows by primary key without the search's conditions.
        self.rows_for = rows_for

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
            rows = list(self.object_list.order_by().values_list("pk", *fields)[: self.cap + 1])  # type: ignore[union-attr,attr-defined]
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
        if pks is None:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        chosen = pks[bottom : bottom + self.per_page]
        found = self.rows_for(chosen) if self.rows_for else self.object_list.order_by().filter(pk__in=chosen)  # type: ignore[union-attr,attr-defined]
        rows = {row.pk: row for row in found}
        return Page([rows[pk] for pk in chosen if pk in rows], number, self)
