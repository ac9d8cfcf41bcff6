"""Reads of the home screen: each card's figures, read through the other apps' own scoped queries.

The home screen owns no records. Every card reads what the user may see through the
app that holds it, so the home screen can never show more than the app's own pages:

* today's negative and important stories: ``triage.queries.matched_stories_visible_to``
  with the user's province's triage (``monitoring.queries.triage_rows``);
* spikes and the 30-day trend: ``reports.queries.items_in_scope`` (the statistics page's
  scope) and ``reports.figures`` (its tone rule), kept a few seconds per scope because
  they are the same for every member of the unit;
* what waits for me: the İşlerim registry (``lib/inbox.py``);
* approvals waiting for the director: ``approvals.queries.flows_visible_to``;
* upcoming deadlines: ``infonotes.queries.cases_visible_to`` and the agenda registry
  (``lib/agenda.py``).

Each card costs a fixed number of queries, whatever the number of records.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.db.models import Count, Exists, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.approvals.models import ApprovalFlow, ApprovalStep
from pressdesk.approvals.queries import flows_visible_to, steps_waiting_for
from pressdesk.infonotes.models import Case
from pressdesk.infonotes.queries import cases_visible_to, is_officer
from pressdesk.lib import agenda, cached_counts
from pressdesk.lib import inbox as inbox_registry
from pressdesk.monitoring.models import Importance, Relevance, Sentiment, Story
from pressdesk.monitoring.queries import attach_triage, triage_rows
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for
from pressdesk.reports import figures
from pressdesk.reports.queries import Scope, institutions_in_scope, items_in_scope, scope_for_user
from pressdesk.triage.queries import can_see_triage, matched_stories_visible_to

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

logger = logging.getLogger(__name__)

T = TypeVar("T")

STORY_LIMIT = 6
WORK_LIMIT = 5
APPROVAL_LIMIT = 5
DEADLINE_DAYS = 7
DEADLINE_LIMIT = 8
CASE_LIMIT = 50  # information-note cases read for the deadline card (a province has a handful open)
TREND_DAYS = 30
BASELINE_DAYS = 28  # the usual volume: the daily mean of the 28 days before today
SAME_WEEKDAY_WEEKS = 4  # and the mean of the same weekday in the last 4 weeks
SPIKE_FACTOR = 2.0  # today is a spike at twice the usual volume…
SPIKE_MIN_ITEMS = 5  # …and at least this many items (three items against a mean of one is no spike)
INSTITUTION_LIMIT = 6
TONES = [Sentiment.NEGATIVE.value, Sentiment.NEUTRAL.value, Sentiment.POSITIVE.value, figures.UNKNOWN]
TONE_COLORS = {  # the statistics page's colours (reports.rendering.TONE_COLORS)
    Sentiment.NEGATIVE.value: "#b02a37",
    Sentiment.NEUTRAL.value: "#8c959f",
    Sentiment.POSITIVE.value: "#146c43",
    figures.UNKNOWN: "#c9d1d9",
}


# --- shared figures, kept a few seconds ------------------------------------------------------------


def _cached(key: str, compute: Callable[[], T], seconds: int) -> T:
    """``compute()``, reused under ``key`` for ``seconds``; computed from the database when the cache fails."""
    if seconds <= 0:
        return compute()
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("cache unavailable, home figures computed from the database", exc_info=True)
        return compute()
    if value is not None:
        return value  # type: ignore[no-any-return]
    value = compute()
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("cache unavailable, home figures not kept", exc_info=True)
    return value


def _link(name: str, **params: Any) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(params)}" if params else url


# --- 1. today's negative and important stories ------------------------------------------------------


@dataclass
class StoryRow:
    title: str
    url: str
    seen_at: datetime.datetime
    negative: bool
    importance: int
    importance_label: str


@dataclass
class StoriesCard:
    negative: int = 0
    important: int = 0
    rows: list[StoryRow] = field(default_factory=list)
    negative_url: str = ""
    list_url: str = ""


def todays_stories(user: User, today: datetime.date) -> StoriesCard | None:
    """The stories seen today that the user's province rates negative or of high importance, newest first.

    Negative: the province's staff label, else the model's suggestion when the province has no label.
    Stories the province marked irrelevant are left out.
    """
    if not can_see_triage(user):
        return None
    province = province_for(user)
    start, _end = agenda.day_bounds(today)
    here = triage_rows(province)
    labelled = Exists(here.exclude(sentiment=""))
    negative = Q(Exists(here.filter(sentiment=Sentiment.NEGATIVE))) | (
        ~labelled & Q(sentiment_suggested=Sentiment.NEGATIVE)
    )
    important = Q(Exists(here.filter(importance__gte=Importance.HIGH)))
    stories = (
        matched_stories_visible_to(user)
        .filter(last_seen_at__gte=start)
        .exclude(Exists(here.filter(relevance=Relevance.IRRELEVANT)))
    )
    counts = stories.aggregate(
        negative=Count("pk", filter=negative),
        important=Count("pk", filter=important),
    )
    found: list[Story] = list(
        stories.filter(negative | important)
        .order_by("-last_seen_at", "-pk")
        .only("pk", "title", "last_seen_at", "sentiment_suggested")[:STORY_LIMIT]
    )
    attach_triage(found, province)
    importance_labels = dict(Importance.choices)
    rows = []
    for story in found:
        row = story.triage  # type: ignore[attr-defined]
        rows.append(
            StoryRow(
                title=story.title,
                url=reverse("triage:story", args=[story.pk]),
                seen_at=story.last_seen_at,
                negative=row.effective_sentiment == Sentiment.NEGATIVE,
                importance=row.importance,
                importance_label=str(importance_labels.get(row.importance, "")),
            )
        )
    return StoriesCard(
        negative=counts["negative"] or 0,
        important=counts["important"] or 0,
        rows=rows,
        negative_url=_link("triage:live", sentiment=Sentiment.NEGATIVE.value),
        list_url=_link("triage:live", importance=Importance.HIGH.value),
    )


# --- 2. spikes against the usual volume, and the 30-day trend ---------------------------------------


@dataclass
class Spike:
    name: str
    today: int
    usual: float  # the daily mean of the last 28 days
    same_weekday: float  # the mean of the same weekday in the last 4 weeks
    url: str = ""

    @property
    def flagged(self) -> bool:
        return is_spike(self.today, max(self.usual, self.same_weekday))

    @property
    def ratio(self) -> float | None:
        base = max(self.usual, self.same_weekday)
        return round(self.today / base, 1) if base else None


def is_spike(today: int, usual: float) -> bool:
    """Clearly above the usual volume: at least ``SPIKE_MIN_ITEMS`` and ``SPIKE_FACTOR`` times the usual."""
    return today >= SPIKE_MIN_ITEMS and today >= SPIKE_FACTOR * usual


@dataclass
class Trend:
    days: list[str]  # "dd.mm", oldest first, the last one today
    tones: dict[str, list[int]]  # tone → items per day
    province: Spike
    institutions: list[Spike]
    statistics_url: str = ""

    @property
    def has_news(self) -> bool:
        return any(any(values) for values in self.tones.values())

    @property
    def flagged(self) -> list[Spike]:
        return [spike for spike in [self.province, *self.institutions] if spike.flagged]

    def chart_data(self) -> dict[str, Any]:
        labels = {
            Sentiment.NEGATIVE.value: _("Negative"),
            Sentiment.NEUTRAL.value: _("Neutral"),
            Sentiment.POSITIVE.value: _("Positive"),
            figures.UNKNOWN: _("Not assessed"),
        }
        return {
            "labels": self.days,
            "datasets": [
                {"label": labels[tone], "data": self.tones[tone], "color": TONE_COLORS[tone]} for tone in TONES
            ],
            "usual": round(self.province.usual, 1),
            "usualLabel": _("Usual daily volume"),
        }


def _moment_from(start: datetime.datetime) -> Q:
    return Q(published_at__gte=start) | Q(published_at__isnull=True, fetched_at__gte=start)


def _day(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value  # type: ignore[no-any-return]


def _trend(scope: Scope, today: datetime.date) -> Trend:
    """Two queries: the scope's items per day and tone, and per institution today against the 28 days before."""
    window = max(TREND_DAYS - 1, BASELINE_DAYS)
    first = today - datetime.timedelta(days=window)
    start = agenda.day_bounds(first)[0]
    today_start, end = agenda.day_bounds(today)
    items = figures.in_period(items_in_scope(scope), start, end)
    tz = timezone.get_current_timezone()
    per_day: dict[datetime.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TONES, 0))
    rows = (
        items.annotate(
            day=TruncDate(Coalesce(F("published_at"), F("fetched_at")), tzinfo=tz), tone=figures.sentiment_expression()
        )
        .values("day", "tone")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        tone = row["tone"] if row["tone"] in TONES else figures.UNKNOWN
        per_day[_day(row["day"])][tone] += row["n"]

    def total(day: datetime.date) -> int:
        return sum(per_day[day].values()) if day in per_day else 0

    trend_days = [today - datetime.timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    baseline_days = [today - datetime.timedelta(days=n) for n in range(1, BASELINE_DAYS + 1)]
    weekdays = [today - datetime.timedelta(weeks=n) for n in range(1, SAME_WEEKDAY_WEEKS + 1)]
    province_spike = Spike(
        name=_("The whole province") if scope.institution is None else scope.institution.name,
        today=total(today),
        usual=sum(total(day) for day in baseline_days) / BASELINE_DAYS,
        same_weekday=sum(total(day) for day in weekdays) / SAME_WEEKDAY_WEEKS,
        url=reverse("triage:live"),
    )

    org = "matches__term__organization"
    weekday_q = Q()
    for day in weekdays:
        day_start, day_end = agenda.day_bounds(day)
        weekday_q |= Q(published_at__gte=day_start, published_at__lt=day_end) | Q(
            published_at__isnull=True, fetched_at__gte=day_start, fetched_at__lt=day_end
        )
    by_institution = (
        items.filter(**{f"{org}__in": Organization.objects.filter(institutions_in_scope(scope)).values("pk")})
        .values(org, f"{org}__name", f"{org}__short_name")
        .annotate(
            today=Count("pk", distinct=True, filter=_moment_from(today_start)),
            before=Count(
                "pk",
                distinct=True,
                filter=_moment_from(agenda.day_bounds(today - datetime.timedelta(days=BASELINE_DAYS))[0])
                & ~_moment_from(today_start),
            ),
            weekday=Count("pk", distinct=True, filter=weekday_q),
        )
        .filter(today__gt=0)
        .order_by("-today", f"{org}__name")
    )
    institutions = [
        Spike(
            name=row[f"{org}__short_name"] or row[f"{org}__name"],
            today=row["today"],
            usual=row["before"] / BASELINE_DAYS,
            same_weekday=row["weekday"] / SAME_WEEKDAY_WEEKS,
            url=_link("triage:live", institution=row[org]),
        )
        for row in by_institution
    ]
    institutions.sort(key=lambda spike: (not spike.flagged, -spike.today, spike.name))
    return Trend(
        days=[f"{day:%d.%m}" for day in trend_days],
        tones={tone: [per_day[day][tone] if day in per_day else 0 for day in trend_days] for tone in TONES},
        province=province_spike,
        institutions=institutions[:INSTITUTION_LIMIT],
        statistics_url=_link("reports:statistics", period="month"),
    )


def trend_for(user: User, today: datetime.date) -> Trend | None:
    scope = scope_for_user(user)
    if scope.nothing:
        return None
    return _cached(
        f"dashboard:trend:{scope.key}:{today.isoformat()}:{get_language()}",  # names are translated
        lambda: _trend(scope, today),
        cached_counts.SHARED_COUNT_SECONDS,
    )


# --- 3. what waits for me ---------------------------------------------------------------------------


@dataclass
class WorkCard:
    count: int
    overdue: int
    items: list[inbox_registry.InboxItem]


def work_for(user: User) -> WorkCard:
    items = inbox_registry.items_for(user)
    return WorkCard(count=len(items), overdue=sum(1 for item in items if item.is_overdue), items=items[:WORK_LIMIT])


# --- 4. approvals waiting for the director ----------------------------------------------------------


@dataclass
class ApprovalRow:
    title: str
    url: str
    process: str
    due_at: datetime.datetime | None
    overdue: bool


@dataclass
class ApprovalsCard:
    count: int
    rows: list[ApprovalRow]
    list_url: str


def director_approvals(user: User) -> ApprovalsCard | None:
    """Flows of the user's province whose current step waits for the provincial health director."""
    if not (user.is_unit_member or user.is_admin):
        return None
    steps = ApprovalStep.objects.filter(
        status=ApprovalStep.Status.CURRENT,
        role=Role.DIRECTOR,
        flow__status=ApprovalFlow.Status.IN_REVIEW,
        flow__in=flows_visible_to(user).values("pk"),
    )
    count = steps.count()
    rows = [
        ApprovalRow(
            title=step.flow.title,
            url=reverse("approvals:detail", args=[step.flow_id]),
            process=step.flow.process.code,
            due_at=step.due_at,
            overdue=step.is_overdue,
        )
        for step in steps.select_related("flow__process").order_by(F("due_at").asc(nulls_last=True), "pk")[
            :APPROVAL_LIMIT
        ]
    ]
    return ApprovalsCard(count=count, rows=rows, list_url=_link("approvals:list", show="all", status="in_review"))


# --- 5. upcoming deadlines ----------------------------------------------------------------------------


@dataclass
class Deadline:
    day: datetime.date
    kind_label: str
    title: str
    url: str
    at: datetime.datetime | None = None  # a time of day (agenda entries)
    all_day: bool = True

    def overdue(self, today: datetime.date) -> bool:
        return self.day < today


@dataclass
class DeadlinesCard:
    infonotes: int
    rows: list[Deadline]
    infonotes_url: str
    today: datetime.date

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue(self.today))


def deadlines_for(user: User, today: datetime.date) -> DeadlinesCard:
    """Information-note deadlines up to a week ahead (overdue ones too) and the agenda's next seven days."""
    horizon = today + datetime.timedelta(days=DEADLINE_DAYS)
    cases = (
        cases_visible_to(user)
        .filter(status__in=Case.ACTIVE)
        .filter(
            Q(status=Case.Status.WAITING_INSTITUTION, deadline__lte=horizon)
            | Q(ministry_deadline__lte=horizon, sent_at__isnull=True)
        )
        .only("pk", "title", "status", "deadline", "ministry_deadline", "sent_at")
        .order_by("pk")[:CASE_LIMIT]
    )
    rows: list[Deadline] = []
    note_deadlines = 0
    for case in cases:
        url = reverse("infonotes:detail", args=[case.pk])
        if case.status == Case.Status.WAITING_INSTITUTION and case.deadline and case.deadline <= horizon:
            rows.append(Deadline(case.deadline, _("Institution's answer"), case.title, url))
            note_deadlines += 1
        if case.ministry_deadline and case.ministry_deadline <= horizon and case.sent_at is None:
            rows.append(Deadline(case.ministry_deadline, _("Ministry's deadline"), case.title, url))
            note_deadlines += 1
    start = agenda.day_bounds(today)[0]
    end = agenda.day_bounds(horizon)[1]
    if user.role != Role.DIRECTOR:  # the director's own card lists what waits for his signature
        steps = (
            steps_waiting_for(user)
            .filter(due_at__isnull=False, due_at__lt=end)
            .select_related("flow")
            .only("pk", "due_at", "kind", "flow_id", "flow__title")
            .order_by("due_at", "pk")[:CASE_LIMIT]
        )
        for step in steps:
            due = timezone.localtime(step.due_at)
            rows.append(
                Deadline(
                    due.date(),
                    _("Your approval"),
                    step.flow.title,
                    reverse("approvals:detail", args=[step.flow_id]),
                    at=due,
                    all_day=False,
                )
            )
    for entry in agenda.entries_for(user, viewer=user, start=start, end=end):
        local = timezone.localtime(entry.start)
        rows.append(
            Deadline(
                local.date(),
                entry.kind_label,
                entry.title,
                entry.url,
                at=None if entry.all_day else local,
                all_day=entry.all_day,
            )
        )
    rows.sort(key=lambda row: (row.day, row.at or timezone.localtime(start), row.title))
    return DeadlinesCard(
        infonotes=note_deadlines,
        rows=rows[:DEADLINE_LIMIT],
        infonotes_url=reverse("infonotes:board") if user.is_unit_member or user.is_admin or is_officer(user) else "",
        today=today,
    )


# --- the page -------------------------------------------------------------------------------------------


#: The cards of the home screen, in their usual order, with their names on the layout form.
CARDS: dict[str, Any] = {
    "stories": gettext_lazy("Today's negative and important stories"),
    "trend": gettext_lazy("Volume against the usual"),
    "work": gettext_lazy("Waiting for me"),
    "approvals": gettext_lazy("Waiting for the director's approval"),
    "deadlines": gettext_lazy("Next 7 days"),
}


def default_cards(user: User) -> list[str]:
    """The usual order; the director's own queue first (a phone shows one card at a time)."""
    order = list(CARDS)
    if user.role == Role.DIRECTOR:
        order.remove("approvals")
        order.insert(0, "approvals")
    return order


def cards_for(user: User) -> list[str]:
    """The user's cards in their order: their own choice (``User.home_cards``, read with the user, so no
    query), else the usual one. Unknown keys are dropped."""
    chosen = getattr(user, "home_cards", None)
    cards = [key for key in dict.fromkeys(str(key) for key in chosen) if key in CARDS] if chosen else []
    return cards or default_cards(user)


@dataclass
class Home:
    today: datetime.date
    stories: StoriesCard | None
    trend: Trend | None
    work: WorkCard | None
    approvals: ApprovalsCard | None
    deadlines: DeadlinesCard | None
    #: The cards to show, in order, as (key, card); a card the user may not see is left out.
    cards: list[tuple[str, Any]]


def home_for(user: User) -> Home:
    """The home screen's cards the user chose; only those are computed."""
    today = timezone.localdate()
    order = cards_for(user)
    builders: dict[str, Any] = {
        "stories": lambda: todays_stories(user, today),
        "trend": lambda: trend_for(user, today),
        "work": lambda: work_for(user),
        "approvals": lambda: director_approvals(user),
        "deadlines": lambda: deadlines_for(user, today),
    }
    built: dict[str, Any] = {key: builders[key]() for key in order}
    return Home(
        today=today,
        stories=built.get("stories"),
        trend=built.get("trend"),
        work=built.get("work"),
        approvals=built.get("approvals"),
        deadlines=built.get("deadlines"),
        cards=[(key, built[key]) for key in order if built[key] is not None],
    )
