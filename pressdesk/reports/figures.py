"""The figures of the statistics page and of the monitoring report, aggregated in the database.

Every function takes the items of a scope (``queries.items_in_scope``) already
narrowed to a period (``in_period``) and returns plain lists and dicts, one
query each, whatever the number of items.

A story's tone is the staff's label of the scope's province, else the model's
suggestion for the story, else the suggestion for the item
(``sentiment_expression``). The province's label and importance come with
each item as ``staff_sentiment`` and ``staff_importance`` (annotated by
``queries.items_in_scope``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncDate, TruncHour
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext

from pressdesk.lib.search import words_q
from pressdesk.monitoring.models import Importance, Item, ItemMatch, Outlet, Sentiment, Story
from pressdesk.organizations.models import Organization

UNKNOWN = "unknown"
SENTIMENT_ORDER = [Sentiment.NEGATIVE.value, Sentiment.NEUTRAL.value, Sentiment.POSITIVE.value, UNKNOWN]
TOP_OUTLETS = 15
TOP_NEGATIVE_OUTLETS = 10
IMPORTANT_LIMIT = 30
OTHER_LIMIT = 50
SUMMARY_CHARS = 300


def sentiment_expression() -> Any:
    """An item's tone: its story's label in the province, the story's suggestion, the item's suggestion."""
    empty = Value("")
    return Coalesce(
        NullIf(F("staff_sentiment"), empty),
        NullIf(F("story__sentiment_suggested"), empty),
        NullIf(F("sentiment_suggested"), empty),
        Value(UNKNOWN),
    )


def _moment() -> Any:
    return Coalesce(F("published_at"), F("fetched_at"))


def in_period(items: QuerySet[Item], start: datetime.datetime, end: datetime.datetime) -> QuerySet[Item]:
    """Items published (or, without a date, fetched) in ``[start, end)``."""
    return items.filter(
        Q(published_at__gte=start, published_at__lt=end)
        | Q(published_at__isnull=True, fetched_at__gte=start, fetched_at__lt=end)
    )


def tone_q(tone: str) -> Q:
    """Items whose story has ``tone`` by the province's label, or by the suggestion when there is no label."""
    return Q(staff_sentiment=tone) | Q(staff_sentiment="", story__sentiment_suggested=tone)


def negative_q() -> Q:
    return tone_q(Sentiment.NEGATIVE)


def important_q() -> Q:
    """Items whose story the province rated of high or critical importance."""
    return Q(staff_importance__gte=Importance.HIGH)


@dataclass
class Totals:
    items: int = 0
    stories: int = 0
    outlets: int = 0
    negative_stories: int = 0
    important_stories: int = 0
    reach: int = 0


def totals(items: QuerySet[Item]) -> Totals:
    row = items.aggregate(
        items=Count("pk"),
        stories=Count("story", distinct=True),
        outlets=Count("outlet", distinct=True),
        negative_stories=Count("story", distinct=True, filter=negative_q()),
        important_stories=Count("story", distinct=True, filter=important_q()),
        reach=Coalesce(Sum("outlet__reach"), 0),
    )
    return Totals(**{key: int(value or 0) for key, value in row.items()})


def volume(
    items: QuerySet[Item],
    *,
    hourly: bool = False,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """Items, stories and potential reach per day (or per hour), in local time, oldest first.

    With ``start`` and ``end`` the days (hours) without news are filled with zeros,
    so the chart's time axis has no holes; that loop runs over the calendar, not the items.
    """
    tz = timezone.get_current_timezone()
    bucket = TruncHour(_moment(), tzinfo=tz) if hourly else TruncDate(_moment(), tzinfo=tz)
    rows = (
        items.annotate(bucket=bucket)
        .values("bucket")
        .annotate(items=Count("pk"), stories=Count("story", distinct=True), reach=Coalesce(Sum("outlet__reach"), 0))
        .order_by("bucket")
    )

    def key(moment: Any) -> str:
        if isinstance(moment, datetime.datetime):
            local = timezone.localtime(moment, tz) if timezone.is_aware(moment) else moment
            return local.strftime("%d.%m %H:00")
        return moment.strftime("%d.%m.%Y")

    found = {key(row["bucket"]): row for row in rows}
    labels = list(found)
    if start is not None and end is not None:
        labels = []
        if hourly:
            moment = timezone.localtime(start, tz).replace(minute=0, second=0, microsecond=0)
            while moment < end:
                labels.append(key(moment))
                moment += datetime.timedelta(hours=1)
        else:
            day = timezone.localtime(start, tz).date()
            last = timezone.localtime(end - datetime.timedelta(microseconds=1), tz).date()
            while day <= last:
                labels.append(key(day))
                day += datetime.timedelta(days=1)
        labels += [label for label in found if label not in set(labels)]
    return [
        {
            "label": label,
            "items": found[label]["items"] if label in found else 0,
            "stories": found[label]["stories"] if label in found else 0,
            "reach": found[label]["reach"] if label in found else 0,
        }
        for label in labels
    ]


def by_sentiment(items: QuerySet[Item]) -> list[dict[str, Any]]:
    rows = (
        items.annotate(tone=sentiment_expression())
        .values("tone")
        .annotate(items=Count("pk"), stories=Count("story", distinct=True))
        .order_by()
    )
    found = {row["tone"]: row for row in rows}
    labels = dict(Sentiment.choices)
    result = []
    for tone in SENTIMENT_ORDER:
        row = found.get(tone)
        result.append(
            {
                "tone": tone,
                "label": str(labels.get(tone, gettext("Not assessed"))),
                "items": row["items"] if row else 0,
                "stories": row["stories"] if row else 0,
            }
        )
    return result


def by_institution(items: QuerySet[Item], institutions: Q) -> list[dict[str, Any]]:
    """Stories and items per matched institution (a story about two hospitals counts for each)."""
    matched_orgs = Organization.objects.filter(institutions).values("pk")
    org = "matches__term__organization"
    rows = (
        items.filter(**{f"{org}__in": matched_orgs})
        .values(org, f"{org}__name", f"{org}__short_name")
        .annotate(
            stories=Count("story", distinct=True),
            items=Count("pk", distinct=True),
            negative=Count("story", distinct=True, filter=negative_q()),
            positive=Count("story", distinct=True, filter=tone_q(Sentiment.POSITIVE)),
        )
        .order_by("-stories", f"{org}__name")
    )
    return [
        {
            "pk": row[org],
            "name": row[f"{org}__short_name"] or row[f"{org}__name"],
            "stories": row["stories"],
            "items": row["items"],
            "negative": row["negative"],
            "positive": row["positive"],
        }
        for row in rows
    ]


def by_outlet(items: QuerySet[Item], *, limit: int = TOP_OUTLETS) -> list[dict[str, Any]]:
    kinds = dict(Outlet.Kind.choices)
    rows = (
        items.values("outlet", "outlet__name", "outlet__kind")
        .annotate(
            items=Count("pk"),
            stories=Count("story", distinct=True),
            negative=Count("pk", filter=negative_q()),
            reach=Max("outlet__reach"),
        )
        .order_by("-items", "outlet__name")[:limit]
    )
    return [
        {
            "name": row["outlet__name"],
            "kind": str(kinds.get(row["outlet__kind"], row["outlet__kind"])),
            "items": row["items"],
            "stories": row["stories"],
            "negative": row["negative"],
            "reach": row["reach"] or 0,
        }
        for row in rows
    ]


def by_outlet_kind(items: QuerySet[Item]) -> list[dict[str, Any]]:
    kinds = dict(Outlet.Kind.choices)
    rows = (
        items.values("outlet__kind")
        .annotate(
            items=Count("pk"),
            outlets=Count("outlet", distinct=True),
            negative=Count("pk", filter=negative_q()),
            reach=Coalesce(Sum("outlet__reach"), 0),
        )
        .order_by("-items")
    )
    return [
        {
            "kind": row["outlet__kind"],
            "label": str(kinds.get(row["outlet__kind"], row["outlet__kind"])),
            "items": row["items"],
            "outlets": row["outlets"],
            "negative": row["negative"],
            "reach": row["reach"],
        }
        for row in rows
    ]


def top_negative_outlets(items: QuerySet[Item], *, limit: int = TOP_NEGATIVE_OUTLETS) -> list[dict[str, Any]]:
    kinds = dict(Outlet.Kind.choices)
    rows = (
        items.filter(negative_q())
        .values("outlet", "outlet__name", "outlet__kind")
        .annotate(items=Count("pk"), stories=Count("story", distinct=True), reach=Max("outlet__reach"))
        .order_by("-items", "outlet__name")[:limit]
    )
    return [
        {
            "name": row["outlet__name"],
            "kind": str(kinds.get(row["outlet__kind"], row["outlet__kind"])),
            "items": row["items"],
            "stories": row["stories"],
            "reach": row["reach"] or 0,
        }
        for row in rows
    ]


@dataclass
class ImportantStory:
    pk: int
    title: str
    tone: str
    tone_label: str
    importance: int
    importance_label: str
    summary: str
    url: str
    outlets: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    first_seen: datetime.datetime | None = None
    reach: int = 0  # the summed reach of the outlets that carried it (0: not known)


def _stories_of(items: QuerySet[Item]) -> QuerySet[Story]:
    """The stories of ``items``, each with its triage in the items' province.

    ``importance_here`` and ``sentiment_here`` (the staff label, ``""`` when there is none).
    """
    of_story = items.filter(story=OuterRef("pk")).order_by()
    return Story.objects.filter(Exists(of_story)).annotate(
        importance_here=Subquery(of_story.order_by("-staff_importance").values(value=F("staff_importance"))[:1]),
        sentiment_here=Subquery(of_story.order_by("-staff_sentiment").values(value=F("staff_sentiment"))[:1]),
    )


def important_stories(items: QuerySet[Item], *, limit: int = IMPORTANT_LIMIT) -> list[ImportantStory]:
    """Stories of high or critical importance, or negative, most important first; three queries."""
    stories = list(
        _stories_of(items).filter(important_story_q()).order_by("-importance_here", "-last_seen_at", "-pk")[:limit]
    )
    return story_rows(items, stories)


def other_stories(items: QuerySet[Item], *, limit: int = OTHER_LIMIT) -> list[ImportantStory]:
    """The remaining stories of the period, newest first (titles, outlets and links); three queries."""
    stories = list(_stories_of(items).exclude(important_story_q()).order_by("-last_seen_at", "-pk")[:limit])
    return story_rows(items, stories)


def important_story_q() -> Q:
    """On ``_stories_of``: high or critical importance, or negative (label, else suggestion)."""
    return (
        Q(importance_here__gte=Importance.HIGH)
        | Q(sentiment_here=Sentiment.NEGATIVE)
        | Q(sentiment_here="", sentiment_suggested=Sentiment.NEGATIVE)
    )


def story_rows(items: QuerySet[Item], stories: list[Story]) -> list[ImportantStory]:
    """Each story with its first item's title, summary and link, its outlets and matched institutions."""
    if not stories:
        return []
    ids = [story.pk for story in stories]
    story_items = (
        items.filter(story_id__in=ids)
        .select_related("outlet")
        .only("pk", "story_id", "title", "url", "summary_html", "text", "published_at", "outlet__name", "outlet__reach")
        .order_by("published_at", "pk")
    )
    first_item: dict[int, Item] = {}
    outlets: dict[int, list[str]] = {}
    reach: dict[int, int] = {}
    for item in story_items:
        assert item.story_id is not None
        first_item.setdefault(item.story_id, item)
        names = outlets.setdefault(item.story_id, [])
        if item.outlet.name not in names:
            names.append(item.outlet.name)
            reach[item.story_id] = reach.get(item.story_id, 0) + (item.outlet.reach or 0)
    institutions: dict[int, list[str]] = {}
    matches = (
        ItemMatch.objects.filter(item__story_id__in=ids, item__in=items.values("pk"), term__organization__isnull=False)
        .values_list("item__story_id", "term__organization__name", "term__organization__short_name")
        .distinct()
        .order_by("term__organization__name")
    )
    for story_id, name, short in matches:
        names = institutions.setdefault(story_id, [])
        label = short or name
        if label not in names:
            names.append(label)
    tones = dict(Sentiment.choices)
    result = []
    for story in stories:
        first = first_item.get(story.pk)
        summary_source = (
            strip_tags(first.summary_html) if first and first.summary_html else (first.text if first else "")
        )
        tone = getattr(story, "sentiment_here", "") or story.sentiment_suggested or UNKNOWN
        rated = getattr(story, "importance_here", None)
        importance = Importance(Importance.NORMAL if rated is None else rated)
        result.append(
            ImportantStory(
                pk=story.pk,
                title=(first.title if first and first.title else story.title),
                tone=tone,
                tone_label=str(tones.get(tone, "")),
                importance=int(importance),
                importance_label=str(importance.label),
                summary=Truncator(" ".join(summary_source.split())).chars(SUMMARY_CHARS),
                url=first.url if first else "",
                outlets=outlets.get(story.pk, []),
                institutions=institutions.get(story.pk, []),
                first_seen=story.first_seen_at,
                reach=reach.get(story.pk, 0),
            )
        )
    return result


MAX_COMPARISONS = 5


def share_of_voice(
    own: QuerySet[Item], archive: QuerySet[Item], own_label: str, comparisons: list[str]
) -> list[dict[str, Any]]:
    """Share of voice: the scope's own news against each comparison (an institution, a province, a term).

    ``own`` is the scope's matched news; each comparison counts the items of ``archive`` (every item
    the scope's sources fetched in the period) whose title or text holds all its words. Shares are of
    the sum of the rows (an item naming two of them counts for each), with the summed outlet reach.
    Two queries whatever the number of items.
    """
    own_row = own.aggregate(items=Count("pk"), reach=Coalesce(Sum("outlet__reach"), 0))
    rows = [{"name": own_label, "own": True, "items": own_row["items"], "reach": int(own_row["reach"] or 0)}]
    comparisons = [text for text in (" ".join(c.split()) for c in comparisons) if text][:MAX_COMPARISONS]
    if comparisons:
        aggregates: dict[str, Any] = {}
        for n, text in enumerate(comparisons):
            match = words_q(text, ["title", "text"])
            aggregates[f"items_{n}"] = Count("pk", filter=match)
            aggregates[f"reach_{n}"] = Coalesce(Sum("outlet__reach", filter=match), 0)
        found = archive.aggregate(**aggregates)
        rows += [
            {"name": text, "own": False, "items": found[f"items_{n}"], "reach": int(found[f"reach_{n}"] or 0)}
            for n, text in enumerate(comparisons)
        ]
    total_items = sum(row["items"] for row in rows)
    total_reach = sum(row["reach"] for row in rows)
    for row in rows:
        row["share"] = round(100 * row["items"] / total_items, 1) if total_items else 0.0
        row["reach_share"] = round(100 * row["reach"] / total_reach, 1) if total_reach else 0.0
    return rows
