"""Who sees which event, and what the calendar, the RSVP list and the registries read."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.events.models import (
    ChecklistItem,
    Event,
    EventCoverage,
    EventPhoto,
    Hall,
    Invitation,
    Invitee,
    Kind,
    ProtocolRank,
    Seat,
    Slot,
    Vehicle,
)
from pressdesk.lib.agenda import AgendaEntry, overlapping
from pressdesk.organizations.queries import province_for, scope_q

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.monitoring.models import Item


def is_organiser(user: User) -> bool:
    """The province's press unit plans and runs events."""
    return bool(user.is_authenticated and user.is_active and user.is_unit_member and province_for(user))


def events_visible_to(user: User) -> QuerySet[Event]:
    """The unit reads its province's events; anyone reads the events they attend or organise."""
    qs = Event.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin:
        return qs
    involved = Q(created_by=user) | Q(attendees=user)
    if user.is_unit_member:
        return qs.filter(scope_q(user) | Q(pk__in=Event.objects.filter(involved).values("pk")))
    return qs.filter(pk__in=Event.objects.filter(involved).values("pk"))


def get_event_for_user(user: User, pk: int) -> Event:
    try:
        return events_visible_to(user).select_related("hall", "institution", "created_by").get(pk=pk)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def can_manage(user: User, event: Event) -> bool:
    if user.is_admin:
        return True
    return is_organiser(user) and events_visible_to(user).filter(pk=event.pk).exists()


def halls_visible_to(user: User) -> QuerySet[Hall]:
    if not user.is_authenticated:
        return Hall.objects.none()
    if user.is_admin:
        return Hall.objects.all()
    province = province_for(user)
    if province is None:
        return Hall.objects.none()
    return Hall.objects.filter(organization__path__startswith=province.path)


def director_of(user: User) -> User | None:
    from pressdesk.accounts.models import User as UserModel

    if user.role == Role.DIRECTOR:
        return user
    province = province_for(user)
    if province is None:
        return None
    return (
        UserModel.objects.filter(role=Role.DIRECTOR, is_active=True, organization__path__startswith=province.path)
        .order_by("organization__depth", "pk")
        .first()
    )


def hall_clashes(
    hall: Hall, start: datetime.datetime, end: datetime.datetime, exclude: int | None = None
) -> list[Event]:
    qs = Event.objects.filter(hall=hall, start__lt=end, end__gt=start).exclude(status=Event.Status.CANCELLED)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return list(qs.order_by("start"))


def person_clashes(
    person: User, start: datetime.datetime, end: datetime.datetime, exclude_uid: str = ""
) -> list[AgendaEntry]:
    """What else ``person`` has on their agenda (every module) during [start, end)."""
    from pressdesk.lib import agenda

    return [e for e in agenda.entries_for(person, start=start, end=end) if e.stable_uid != exclude_uid]


# --- the calendar ----------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: datetime.date
    in_month: bool
    events: list[CalendarEvent] = field(default_factory=list)


@dataclass
class Calendar:
    view: str
    start: datetime.date
    end: datetime.date  # exclusive
    events: list[CalendarEvent]
    weeks: list[list[CalendarDay]]
    conflicts: dict[int, list[str]]
    previous: datetime.date
    following: datetime.date


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone())


def _bounds(view: str, anchor: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
    if view == "week":
        start = anchor - datetime.timedelta(days=anchor.weekday())
        end = start + datetime.timedelta(days=7)
        return start, end, start - datetime.timedelta(days=7), end
    if view == "year":
        start = anchor.replace(month=1, day=1)
        end = start.replace(year=start.year + 1)
        return start, end, start.replace(year=start.year - 1), end
    start = anchor.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end, (start - datetime.timedelta(days=1)).replace(day=1), end


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One event as the calendar shows it (read with ``values_list``: a year of 2,000 is cheap)."""

    pk: int
    title: str
    kind: str
    start: datetime.datetime
    end: datetime.datetime
    hall_id: int | None
    where: str

    @property
    def kind_label(self) -> str:
        return str(dict(Kind.choices).get(self.kind, self.kind))

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])


def calendar_for(user: User, view: str, anchor: datetime.date) -> Calendar:
    """The events of a month, week or year as ``user`` sees them, with their conflicts (3 queries)."""
    start, end, previous, following = _bounds(view, anchor)
    rows = (
        events_visible_to(user)
        .filter(start__lt=_aware(end), end__gt=_aware(start))
        .exclude(status=Event.Status.CANCELLED)
        .order_by("start", "pk")
        .values_list("pk", "title", "kind", "start", "end", "hall_id", "hall__name", "address")
    )
    events = [
        CalendarEvent(pk, title, kind, begins, ends, hall_id, hall_name or address)
        for pk, title, kind, begins, ends, hall_id, hall_name, address in rows
    ]
    conflicts = conflicts_among(events, director_of(user) if user.is_authenticated else None)
    weeks: list[list[CalendarDay]] = []
    if view in ("month", "week"):
        by_day: dict[datetime.date, list[CalendarEvent]] = defaultdict(list)
        for event in events:
            by_day[timezone.localtime(event.start).date()].append(event)
        first = start - datetime.timedelta(days=start.weekday())
        last = end + datetime.timedelta(days=(7 - end.weekday()) % 7)
        day = first
        while day < last:
            week = []
            for _i in range(7):
                week.append(CalendarDay(day, start <= day < end, by_day.get(day, [])))
                day += datetime.timedelta(days=1)
            weeks.append(week)
    return Calendar(view, start, end, events, weeks, conflicts, previous, following)


def conflicts_among(events: list[Any], director: User | None) -> dict[int, list[str]]:
    """Event pk → why it clashes: the same hall overlapping, or the director booked twice."""
    result: dict[int, list[str]] = defaultdict(list)
    by_hall: dict[int, list[Any]] = defaultdict(list)
    for event in events:
        if event.hall_id:
            by_hall[event.hall_id].append(event)
    for same_hall in by_hall.values():
        for first, second in _pairs(same_hall):
            result[first.pk].append(_("Hall booked twice: %(other)s") % {"other": second.title})
            result[second.pk].append(_("Hall booked twice: %(other)s") % {"other": first.title})
    if director is not None and events:
        first, last = min(e.start for e in events), max(e.end for e in events)
        with_director = set(
            Event.attendees.through.objects.filter(
                user=director, event__start__lt=last, event__end__gt=first
            ).values_list("event_id", flat=True)
        )
        entries = {f"event-{e.pk}": e for e in events if e.pk in with_director}
        agenda_entries = [
            AgendaEntry(kind="event", kind_label="", title=e.title, start=e.start, end=e.end, uid=uid)
            for uid, e in entries.items()
        ]
        for first_entry, second_entry in overlapping(agenda_entries):
            first, second = entries[first_entry.uid], entries[second_entry.uid]
            result[first.pk].append(_("The director is booked twice: %(other)s") % {"other": second.title})
            result[second.pk].append(_("The director is booked twice: %(other)s") % {"other": first.title})
    return dict(result)


def _pairs(events: Iterable[Any]) -> list[tuple[Any, Any]]:
    ordered = sorted(events, key=lambda e: e.start)
    pairs = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            pairs.append((first, second))
    return pairs


def month_names() -> list[str]:
    return list(pycalendar.month_name)


# --- one event -------------------------------------------------------------------------------


def attendees_of(event: Event) -> list[User]:
    return list(event.attendees.order_by("first_name", "last_name", "pk"))


def checklist_of(event: Event) -> list[ChecklistItem]:
    return list(event.checklist.select_related("owner", "task", "design_request"))


def seats_of(event: Event) -> list[Seat]:
    return list(event.seats.select_related("rank"))


def protocol_ranks() -> list[ProtocolRank]:
    return list(ProtocolRank.objects.filter(is_active=True))


def get_item_for_user(user: User, pk: int) -> ChecklistItem:
    try:
        return ChecklistItem.objects.select_related("event").get(pk=pk, event__in=events_visible_to(user))
    except ChecklistItem.DoesNotExist as exc:
        raise Http404 from exc


def invitees_of(event: Event) -> list[Invitee]:
    """The press list with each invitee's invitation and answer (2 queries, however many)."""
    return list(
        event.invitees.select_related("outlet", "invitation", "invitation__vehicle", "contact").order_by("name", "pk")
    )


def rsvp_totals(event: Event) -> dict[str, int]:
    rows = Invitation.objects.filter(invitee__event=event).values("answer").annotate(n=Count("pk"))
    totals = {row["answer"]: row["n"] for row in rows}
    return {
        "yes": totals.get(Invitation.Answer.YES, 0),
        "no": totals.get(Invitation.Answer.NO, 0),
        "pending": totals.get(Invitation.Answer.PENDING, 0),
    }


def get_invitee_for_user(user: User, pk: int) -> Invitee:
    try:
        return Invitee.objects.select_related("event").get(pk=pk, event__in=events_visible_to(user))
    except Invitee.DoesNotExist as exc:
        raise Http404 from exc


def vehicles_of(event: Event) -> list[Vehicle]:
    return list(event.vehicles.annotate(taken=Coalesce(Sum("riders__people"), 0)).order_by("departure_at", "pk"))


def get_vehicle_for_user(user: User, pk: int) -> Vehicle:
    try:
        return Vehicle.objects.select_related("event").get(pk=pk, event__in=events_visible_to(user))
    except Vehicle.DoesNotExist as exc:
        raise Http404 from exc


# --- the agenda registry ---------------------------------------------------------------------


def agenda_entries(
    *, person: User, viewer: User, start: datetime.datetime, end: datetime.datetime
) -> list[AgendaEntry]:
    """``lib/agenda`` provider: the events ``person`` attends or organises."""
    events = list(
        Event.objects.filter(start__lt=end, end__gt=start)
        .exclude(status=Event.Status.CANCELLED)
        .filter(Q(pk__in=Event.objects.filter(Q(attendees=person) | Q(created_by=person)).values("pk")))
        .select_related("hall")
        .order_by("start", "pk")
    )
    if not events:
        return []
    readable = set(events_visible_to(viewer).filter(pk__in=[e.pk for e in events]).values_list("pk", flat=True))
    entries = []
    for event in events:
        private = event.pk not in readable
        entries.append(
            AgendaEntry(
                kind="event",
                kind_label=_("Event"),
                title=_("Event") if private else event.title,
                start=event.start,
                end=event.end,
                url="" if private else event.get_absolute_url(),
                location="" if private else event.where,
                private=private,
                uid=f"event-{event.pk}@pressdesk",
                description="" if private else event.get_kind_display(),
            )
        )
    return entries


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def events_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Events, openings and press conferences, per month of [start, end), in the province (one query)."""
    from pressdesk.events.models import Event
    from pressdesk.lib import activity

    qs = Event.objects.exclude(status=Event.Status.CANCELLED)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "start", start, end)


# --- on the day and after ------------------------------------------------------------------------


def slots_of(event: Event) -> list[Slot]:
    return list(event.slots.order_by("start", "pk"))


def get_slot_for_user(user: User, pk: int) -> Slot:
    try:
        return Slot.objects.select_related("event").get(pk=pk, event__in=events_visible_to(user))
    except Slot.DoesNotExist as exc:
        raise Http404 from exc


def photos_of(event: Event) -> list[EventPhoto]:
    """The event's photos with their library assets (one query, however many)."""
    return list(event.photos.select_related("asset").order_by("created_at", "pk"))


def get_photo_for_user(user: User, pk: int) -> EventPhoto:
    try:
        return EventPhoto.objects.select_related("event", "asset").get(pk=pk, event__in=events_visible_to(user))
    except EventPhoto.DoesNotExist as exc:
        raise Http404 from exc


def attendance(event: Event) -> dict[str, int]:
    """Press turnout from the answers and the check-in list."""
    rows = Invitation.objects.filter(invitee__event=event).aggregate(
        invited=Count("pk", filter=Q(sent_at__isnull=False)),
        said_yes=Count("pk", filter=Q(answer=Invitation.Answer.YES)),
        arrived=Count("pk", filter=Q(checked_in_at__isnull=False)),
        arrived_people=Coalesce(Sum("people", filter=Q(checked_in_at__isnull=False)), 0),
        camera_crews=Count("pk", filter=Q(checked_in_at__isnull=False, camera_crew=True)),
    )
    rows["on_list"] = event.invitees.count()
    return rows


#: Coverage is looked for in the monitored items published from the start until this many days after.
COVERAGE_DAYS = 7
#: Words shorter than this do not count as keywords of the title; longer ones are cut to a stem.
KEYWORD_MIN, KEYWORD_STEM = 4, 5
COVERAGE_CANDIDATES = 300
_STOP = {"için", "ile", "olan", "gibi", "daha", "kadar", "sonra", "önce", "toplantısı", "basın"}


def title_keywords(title: str) -> list[str]:
    """The stems of the event title's significant words (Turkish suffixes vary: "kliniği", "kliniğin")."""
    from pressdesk.lib import turkish

    words = [w.strip(".,:;!?\"'’()–-") for w in title.split()]
    stems: list[str] = []
    for word in words:
        if len(word) < KEYWORD_MIN or turkish.lower(word) in _STOP:
            continue
        stem = word[:KEYWORD_STEM]
        if turkish.ascii_fold(stem) not in {turkish.ascii_fold(s) for s in stems}:
            stems.append(stem)
    return stems[:6]


#: Stems (folded) of words every event of a kind carries: they say nothing about which event it was.
_GENERIC = {"acili", "acild", "toren", "kampa", "topla", "ropor", "ziyar", "egiti", "etkin", "hizme", "progr"}


def distinctive_keywords(event: Event) -> list[str]:
    """The title's keywords that tell this event apart: not the words of the institution's name
    (a story about the same hospital the same week carries them too), nor generic event words.
    All the title's keywords when nothing else is left."""
    from pressdesk.lib import turkish

    keywords = title_keywords(event.title)
    institution = turkish.ascii_fold(event.institution.name) if event.institution is not None else ""
    names = {w[:KEYWORD_STEM] for w in institution.split()}
    own = [
        k for k in keywords if (folded := turkish.ascii_fold(k)) not in names and folded[:KEYWORD_STEM] not in _GENERIC
    ]
    return own or keywords


def _reference_signatures(event: Event) -> list[bytes]:
    """MinHash signatures of what the unit wrote about the event: the news story drafted from it and
    the press statement (press kit text), as media relations compares a release with the news."""
    from django.utils.html import strip_tags

    from pressdesk.monitoring.clustering import MIN_WORDS, _words, signature

    texts = []
    if event.story_id and event.story is not None:
        story = event.story
        texts.append(f"{story.title}\n{story.spot}\n{strip_tags(story.body_html)}")
    if event.press_kit_text.strip():
        texts.append(event.press_kit_text)
    # A text too short to compare by its shingles says nothing: the keywords alone decide then.
    return [signature(text) for text in texts if len(_words(text)) >= MIN_WORDS]


#: What a row of the coverage carries (``coverage_of``), besides ``manual``.
COVERAGE_FIELDS = ("pk", "title", "url", "published_at", "outlet__name")


def coverage_of(user: User, event: Event, *, limit: int = 50) -> list[dict[str, Any]]:
    """The event's coverage as its page and its report show it, in date order: the items the
    matching finds (``matched_coverage``) less those removed by hand, and the items added by hand
    (``EventCoverage``) the user may see in monitoring, each row's ``manual`` saying which. Two
    queries, however many."""
    from pressdesk.monitoring.queries import items_visible_to

    corrections = EventCoverage.objects.filter(event=event)
    added = {
        row["pk"]: {**row, "manual": True}
        for row in items_visible_to(user)
        .filter(pk__in=corrections.filter(removed=False).values("item_id"))
        .values(*COVERAGE_FIELDS)
    }
    matched = matched_coverage(user, event, limit=limit, leaving_out=corrections.filter(removed=True))
    rows = [{**row, "manual": False} for row in matched if row["pk"] not in added]
    rows.extend(added.values())
    never = datetime.datetime.max.replace(tzinfo=datetime.UTC)  # an item without a date goes last
    return sorted(rows, key=lambda row: (row["published_at"] or never, row["pk"]))


def matched_coverage(
    user: User, event: Event, *, limit: int = 50, leaving_out: QuerySet[EventCoverage] | None = None
) -> list[dict[str, Any]]:
    """Monitored news items about the event, published from its start to ``COVERAGE_DAYS`` after it.

    An item's title must carry one of the event's distinctive keywords (``distinctive_keywords``:
    not the institution's name) and its title and text two of them (all, if there is one). When
    the unit wrote about the event (the drafted story, the press statement), an item long enough
    to compare must also carry that text, as media relations links a release to its coverage
    (``mediarelations.coverage``): a MinHash similarity of ``THRESHOLD``, or ``TERM_THRESHOLD``
    with the keywords. The items the user may see in monitoring, less the corrections
    ``leaving_out`` names (the ones removed by hand); one query.
    """
    from pressdesk.lib import turkish
    from pressdesk.lib.search import spellings
    from pressdesk.mediarelations.coverage import TERM_THRESHOLD, THRESHOLD
    from pressdesk.monitoring.clustering import MIN_WORDS, _words, signature, similarity
    from pressdesk.monitoring.queries import items_visible_to

    keywords = distinctive_keywords(event)
    if not keywords:
        return []
    needed = min(2, len(keywords))
    any_word = Q()
    for keyword in keywords:
        for spelling in spellings(keyword):
            any_word |= Q(title__icontains=spelling)
    candidates = items_visible_to(user).filter(
        any_word,
        published_at__gte=event.start,
        published_at__lt=event.end + datetime.timedelta(days=COVERAGE_DAYS),
    )
    if leaving_out is not None:
        candidates = candidates.exclude(pk__in=leaving_out.values("item_id"))
    rows = list(
        candidates.order_by("published_at", "pk").values(*COVERAGE_FIELDS, "text", "signature")[:COVERAGE_CANDIDATES]
    )
    references = _reference_signatures(event)
    folded = [turkish.ascii_fold(k) for k in keywords]
    found: list[dict[str, Any]] = []
    for row in rows:
        title = turkish.ascii_fold(row["title"])
        haystack = f"{title} {turkish.ascii_fold(row['text'][:5000])}"
        terms = any(k in title for k in folded) and sum(1 for k in folded if k in haystack) >= needed
        full = f"{row['title']}\n{row['text']}"  # what monitoring's ingest signs
        if references and len(_words(full)) >= MIN_WORDS:
            sig = bytes(row["signature"] or b"") or signature(full)
            best = max(similarity(sig, ref) for ref in references)
            if not (best >= THRESHOLD or (best >= TERM_THRESHOLD and terms)):
                continue
        elif not terms:
            continue
        found.append({key: value for key, value in row.items() if key not in ("text", "signature")})
        if len(found) >= limit:
            break
    return found


def coverage_item_at(user: User, url: str) -> Item | None:
    """The monitored news item at ``url`` the user may see (by its address, its address without
    tracking parameters, or the original address), as media relations finds a pick-up; or None."""
    from pressdesk.mediarelations.queries import items_for_manual_link

    item: Item | None = items_for_manual_link(user, url)
    return item


def get_coverage_item_for_user(user: User, pk: int) -> Item:
    """A monitored news item the user may see, to take out of an event's coverage; 404 otherwise."""
    from pressdesk.monitoring.queries import items_visible_to

    item = items_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item
