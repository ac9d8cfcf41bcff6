"""Who sees which meeting, decision and VTC room, and what the screens and registries read."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.lib import activity
from pressdesk.lib.agenda import AgendaEntry
from pressdesk.lib.inbox import InboxItem
from pressdesk.meetings.models import (
    AgendaRequest,
    ChecklistItem,
    Decision,
    Meeting,
    MeetingLetter,
    Minutes,
    Participant,
    Progress,
    VtcFault,
    VtcRoom,
    VtcTest,
)
from pressdesk.organizations.queries import province_for, scope_q

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.organizations.models import Organization


def is_officer(user: User) -> bool:
    return bool(user.is_active and user.role == Role.AFFILIATE_PRESS and user.organization_id)


def is_secretariat(user: User) -> bool:
    """The province's press unit keeps the director's meetings."""
    return bool(user.is_authenticated and user.is_active and user.is_unit_member and province_for(user))


def _involved_q(user: User) -> Q:
    involved = Q(created_by=user) | Q(chair=user) | Q(pk__in=Participant.objects.filter(user=user).values("meeting"))
    if is_officer(user):
        involved |= Q(pk__in=Participant.objects.filter(institution_id=user.organization_id).values("meeting"))
    return involved


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings whose content ``user`` may read.

    The secretariat (the province's unit) reads every open meeting of its province; a closed
    meeting only its organiser, chair and participants. Press officers read the meetings their
    institution takes part in. Another province sees nothing.
    """
    qs = Meeting.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin:
        return qs
    involved = _involved_q(user)
    if user.is_unit_member:
        return qs.filter((scope_q(user) & Q(closed=False)) | involved)
    return qs.filter(involved)


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    try:
        return (
            meetings_visible_to(user)
            .select_related("room", "chair", "series", "created_by", "agenda_approved_by")
            .get(pk=pk)
        )
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def can_manage(user: User, meeting: Meeting) -> bool:
    """The secretariat (or an administrator) changes a meeting it can read."""
    if user.is_admin:
        return True
    return is_secretariat(user) and meetings_visible_to(user).filter(pk=meeting.pk).exists()


def meeting_list(user: User, text: str = "", when: str = "") -> QuerySet[Meeting]:
    qs = meetings_visible_to(user).select_related("room", "chair")
    if text:
        from pressdesk.lib.search import words_q

        qs = qs.filter(words_q(text, ["title", "place"]))
    now = timezone.now()
    if when == "past":
        qs = qs.filter(end__lt=now).order_by("-start", "-pk")
    elif when == "upcoming":
        qs = qs.filter(end__gte=now).order_by("start", "pk")
    return qs


def participants_of(meeting: Meeting) -> list[Participant]:
    return list(meeting.participants.select_related("user", "institution"))


def agenda_of(meeting: Meeting) -> list[AgendaRequest]:
    """The ordered agenda: accepted requests by position."""
    return list(meeting.agenda_requests.filter(status=AgendaRequest.Status.ACCEPTED).order_by("position", "pk"))


def requests_of(meeting: Meeting) -> list[AgendaRequest]:
    return list(meeting.agenda_requests.select_related("requested_by", "merged_into").order_by("requested_at", "pk"))


def get_request_for_user(user: User, pk: int) -> AgendaRequest:
    try:
        return AgendaRequest.objects.select_related("meeting").get(pk=pk, meeting__in=meetings_visible_to(user))
    except AgendaRequest.DoesNotExist as exc:
        raise Http404 from exc


def checklist_of(meeting: Meeting) -> list[ChecklistItem]:
    return list(meeting.checklist.select_related("owner"))


def get_checklist_item_for_user(user: User, pk: int) -> ChecklistItem:
    try:
        return ChecklistItem.objects.select_related("meeting").get(pk=pk, meeting__in=meetings_visible_to(user))
    except ChecklistItem.DoesNotExist as exc:
        raise Http404 from exc


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(meeting.decisions.select_related("owner").order_by("number"))


def carried_decisions(meeting: Meeting) -> list[Decision]:
    """The open decisions of the earlier meetings of the same series: the next meeting opens with them."""
    if meeting.series_id is None:
        return []
    return list(
        Decision.objects.filter(
            meeting__series_id=meeting.series_id, meeting__start__lt=meeting.start, status=Decision.Status.OPEN
        )
        .select_related("owner", "meeting")
        .order_by("meeting__start", "number")
    )


def latest_minutes(meeting: Meeting) -> Minutes | None:
    return meeting.minutes_versions.order_by("-version").first()


def minutes_versions(meeting: Meeting) -> list[Minutes]:
    return list(meeting.minutes_versions.order_by("-version"))


def letters_of(meeting: Meeting) -> list[MeetingLetter]:
    return list(meeting.letters.select_related("letter", "institution"))


def minutes_visible_to(user: User) -> QuerySet[Minutes]:
    return Minutes.objects.filter(meeting__in=meetings_visible_to(user))


# --- decisions -------------------------------------------------------------------------------


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    """Decisions of the meetings a user reads, and those their institution owns."""
    if not user.is_authenticated or not user.is_active:
        return Decision.objects.none()
    if user.is_admin:
        return Decision.objects.all()
    q = Q(meeting__in=meetings_visible_to(user))
    if is_officer(user):
        q |= Q(owner_id=user.organization_id)
    return Decision.objects.filter(q)


def get_decision_for_user(user: User, pk: int) -> Decision:
    try:
        return (
            decisions_visible_to(user)
            .select_related("meeting", "owner")
            .prefetch_related(Prefetch("progress", queryset=Progress.objects.select_related("reported_by")))
            .get(pk=pk)
        )
    except Decision.DoesNotExist as exc:
        raise Http404 from exc


def can_report(user: User, decision: Decision) -> bool:
    if decision.status != Decision.Status.OPEN:
        return False
    if is_officer(user):
        return decision.owner_id == user.organization_id
    return user.is_admin or (is_secretariat(user) and decisions_visible_to(user).filter(pk=decision.pk).exists())


def decision_list(user: User, status: str = "", overdue: bool = False) -> QuerySet[Decision]:
    qs = decisions_visible_to(user).select_related("meeting", "owner")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=Decision.Status.OPEN, due__lt=timezone.localdate())
    return qs.order_by("status", "due", "pk")


def _inbox_qs(user: User) -> QuerySet[Decision]:
    if not is_officer(user):
        return Decision.objects.none()
    return Decision.objects.filter(owner_id=user.organization_id, status=Decision.Status.OPEN)


def inbox_items(user: User) -> Iterable[InboxItem]:
    for decision in _inbox_qs(user).select_related("meeting").order_by("due", "pk"):
        yield InboxItem(
            kind=_("Meeting decision"),
            title=f"{decision.number}. {decision.text[:120]}",
            url=decision.get_absolute_url(),
            due=decision.due,
            priority=4 if decision.is_overdue else 3,
            subtitle=_("Closed meeting") if decision.meeting.closed else decision.meeting.title,
            badges=(_("Overdue"),) if decision.is_overdue else (),
        )


def inbox_query(user: User) -> QuerySet[Any]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    return _inbox_qs(user)


def inbox_count(user: User) -> int:
    return _inbox_qs(user).count()


# --- VTC -------------------------------------------------------------------------------------


def rooms_visible_to(user: User) -> QuerySet[VtcRoom]:
    if not user.is_authenticated or not user.is_active:
        return VtcRoom.objects.none()
    if user.is_admin:
        return VtcRoom.objects.all()
    if user.is_unit_member:
        return VtcRoom.objects.filter(scope_q(user))
    return VtcRoom.objects.none()


def get_room_for_user(user: User, pk: int) -> VtcRoom:
    try:
        return rooms_visible_to(user).get(pk=pk)
    except VtcRoom.DoesNotExist as exc:
        raise Http404 from exc


def room_list(user: User) -> list[VtcRoom]:
    """Rooms with their last test and open faults (constant queries)."""
    rooms: list[Any] = list(
        rooms_visible_to(user).annotate(
            open_faults=Count("faults", filter=Q(faults__resolved_at__isnull=True), distinct=True)
        )
    )
    last: dict[int, VtcTest] = {}
    for test in VtcTest.objects.filter(room__in=[r.pk for r in rooms]).order_by("room_id", "-tested_at"):
        last.setdefault(test.room_id, test)
    today = timezone.localdate()
    for room in rooms:
        room.last_test = last.get(room.pk)  # type: ignore[attr-defined]
        due = (
            timezone.localtime(room.last_test.tested_at).date() + datetime.timedelta(days=room.test_every_days)
            if room.last_test
            else today
        )  # type: ignore[attr-defined]
        room.test_due = due  # type: ignore[attr-defined]
        room.test_overdue = due <= today  # type: ignore[attr-defined]
    return rooms


def tests_of(room: VtcRoom) -> list[VtcTest]:
    return list(room.tests.select_related("tested_by")[:50])


def faults_of(room: VtcRoom) -> list[VtcFault]:
    return list(room.faults.select_related("resolved_by", "test")[:50])


def get_fault_for_user(user: User, pk: int) -> VtcFault:
    try:
        return VtcFault.objects.select_related("room").get(pk=pk, room__in=rooms_visible_to(user))
    except VtcFault.DoesNotExist as exc:
        raise Http404 from exc


def rooms_due_for_test(now: datetime.datetime | None = None) -> list[VtcRoom]:
    """Active rooms whose last test is older than their interval (or never tested)."""
    return [room for room, _due in rooms_due_for_test_at(now)]


def rooms_due_for_test_at(now: datetime.datetime | None = None) -> list[tuple[VtcRoom, datetime.datetime]]:
    """The due rooms with the moment each became due: its last test plus its interval, or when it
    was added if never tested (the key of its reminder, ``VtcReminder.due_at``)."""
    now = now or timezone.now()
    due = []
    last: dict[int, datetime.datetime] = {}
    for room_id, tested_at in VtcTest.objects.order_by("room_id", "-tested_at").values_list("room_id", "tested_at"):
        last.setdefault(room_id, tested_at)
    for room in VtcRoom.objects.filter(is_active=True).select_related("organization"):
        tested = last.get(room.pk)
        due_at = room.created_at if tested is None else tested + datetime.timedelta(days=room.test_every_days)
        if due_at <= now:
            due.append((room, due_at))
    return due


# --- the director's agenda -------------------------------------------------------------------


def director_of(user: User) -> User | None:
    """The provincial health director of ``user``'s province (the director themself)."""
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


def agenda_entries(
    *, person: User, viewer: User, start: datetime.datetime, end: datetime.datetime
) -> list[AgendaEntry]:
    """``lib/agenda`` provider: the meetings and VTC sessions ``person`` chairs, organises or attends."""
    meetings = list(
        Meeting.objects.filter(start__lt=end, end__gt=start)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(_involved_q(person))
        .select_related("room")
        .order_by("start", "pk")
    )
    if not meetings:
        return []
    readable = set(meetings_visible_to(viewer).filter(pk__in=[m.pk for m in meetings]).values_list("pk", flat=True))
    entries = []
    for meeting in meetings:
        private = meeting.pk not in readable
        vtc = meeting.kind == "vtc"
        entries.append(
            AgendaEntry(
                kind="vtc" if vtc else "meeting",
                kind_label=_("VTC session") if vtc else _("Meeting"),
                title=_("Closed meeting") if private else meeting.title,
                start=meeting.start,
                end=meeting.end,
                url="" if private else meeting.get_absolute_url(),
                location="" if private else meeting.where,
                private=private,
                uid=f"meeting-{meeting.pk}@pressdesk",
            )
        )
    return entries


def room_bookings(meeting: Meeting, viewer: User) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    """Other meetings booked in the same hall/VTC room at an overlapping time: (title, start, end).

    One query. A closed meeting the viewer may not read shows only as "Closed meeting".
    """
    if meeting.room_id is None:
        return []
    others = (
        Meeting.objects.filter(room_id=meeting.room_id, start__lt=meeting.end, end__gt=meeting.start)
        .exclude(pk=meeting.pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(readable=Q(pk__in=meetings_visible_to(viewer).values("pk")))
        .order_by("start")
    )
    return [
        (other.title if other.readable or not other.closed else _("Closed meeting"), other.start, other.end)
        for other in others
    ]


# --- activity figures ------------------------------------------------------------------------


def meetings_held_by_month(
    province: Organization, start: datetime.date, end: datetime.date
) -> dict[datetime.date, float]:
    meetings = Meeting.objects.filter(organization__path__startswith=province.path, status=Meeting.Status.HELD)
    return activity.count_by_month(meetings, "start", start, end)


def decisions_closed_by_month(
    province: Organization, start: datetime.date, end: datetime.date
) -> dict[datetime.date, float]:
    decisions = Decision.objects.filter(
        meeting__organization__path__startswith=province.path, status=Decision.Status.DONE
    )
    return activity.count_by_month(decisions, "closed_at", start, end)


def feed_user(token: str) -> User | None:
    """The active user whose calendar feed ``token`` opens, or None."""
    from pressdesk.meetings.actions import feed_token_hash
    from pressdesk.meetings.models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user").filter(token_hash=feed_token_hash(token)).first()
    return feed.user if feed is not None and feed.user.is_active else None


def has_feed(user: User) -> bool:
    from pressdesk.meetings.models import CalendarFeed

    return CalendarFeed.objects.filter(user=user).exists()


def may_read_meeting(user: User, meeting_id: int) -> bool:
    return meetings_visible_to(user).filter(pk=meeting_id).exists()


def signatures_waiting_for(director: User, *, viewer: User) -> list[Any]:
    """The approval steps waiting for the director that ``viewer`` may open (a closed meeting's minutes stay out)."""
    from pressdesk.approvals.queries import flows_visible_to, steps_waiting_for

    steps = steps_waiting_for(director).filter(flow__in=flows_visible_to(viewer))
    return list(steps.select_related("flow").order_by("due_at", "pk")[:50])


def upcoming_sessions_in(room: VtcRoom, *, user: User) -> list[Meeting]:
    """The next ten meetings held in the VTC room that ``user`` may see."""
    return list(meetings_visible_to(user).filter(room=room, end__gte=timezone.now()).order_by("start")[:10])
