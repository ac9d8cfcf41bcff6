"""Reads of information-note cases, scoped to who may see them.

The unit's roles see their province's cases; an institution's press officer
sees only the requests sent to their institution; administrators see all;
everybody else sees nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.approvals.models import ApprovalDecision, ApprovalFlow
from pressdesk.infonotes.models import Case, CaseEvent, CaseFile, Dispatch, DispatchRecipient, InfoNote
from pressdesk.lib import turkish
from pressdesk.lib.inbox import InboxItem
from pressdesk.lib.search import words_q
from pressdesk.organizations.queries import scope_q
from pressdesk.workdays.business_days import Calendar

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def is_officer(user: User) -> bool:
    return bool(user.is_active and user.role == Role.AFFILIATE_PRESS and user.organization_id)


def cases_visible_to(user: User) -> QuerySet[Case]:
    qs = Case.objects.all()
    if not user.is_active:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_unit_member:
        return qs.filter(scope_q(user))
    if is_officer(user):
        # Only what was actually asked of their institution (the request is sent), never drafts.
        return qs.filter(institution_id=user.organization_id, request_sent_at__isnull=False)
    return qs.none()


def get_case_for_user(user: User, pk: int) -> Case:
    try:
        return cases_visible_to(user).select_related("organization", "institution", "story", "created_by").get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def open_case_for_story(user: User, story: Any) -> Case | None:
    """The open case ``user`` sees on ``story``; another province's case on the same story is not it."""
    return cases_visible_to(user).filter(story=story).exclude(status=Case.Status.CLOSED).order_by("pk").first()


def story_items_for(user: User, story: Any) -> QuerySet[Any]:
    """The items of ``story`` that ``user`` sees, oldest first (a story can hold several provinces' items)."""
    from pressdesk.monitoring.queries import items_visible_to

    return items_visible_to(user).filter(story=story).order_by("published_at", "pk")


def get_file_for_user(user: User, case_pk: int, file_pk: int) -> CaseFile:
    case = get_case_for_user(user, case_pk)
    files = CaseFile.objects.filter(case=case)
    if not (user.is_admin or user.is_unit_member):
        files = files.filter(purpose=CaseFile.Purpose.NOTE)  # the institution never sees the Ministry's request
    try:
        return files.get(pk=file_pk)
    except CaseFile.DoesNotExist as exc:
        raise Http404 from exc


def get_recipient_for_user(user: User, case_pk: int, recipient_pk: int) -> DispatchRecipient:
    case = get_case_for_user(user, case_pk)
    try:
        return DispatchRecipient.objects.select_related("dispatch__case").get(pk=recipient_pk, dispatch__case=case)
    except DispatchRecipient.DoesNotExist as exc:
        raise Http404 from exc


def search_cases(qs: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases whose subject, summary, institution or note contains every word (Turkish-aware)."""
    if not text.strip():
        return qs
    return qs.filter(words_q(text, ["title", "summary", "institution__name", "note__body", "note__title"]))


def note_flows(cases: Iterable[Case]) -> dict[int, ApprovalFlow]:
    """The approval flow of each case's note (one query), keyed by case id."""
    notes = {case.note.pk: case.pk for case in cases if _has_note(case)}
    if not notes:
        return {}
    ct = ContentType.objects.get_for_model(InfoNote)
    flows = ApprovalFlow.objects.filter(content_type=ct, object_id__in=list(notes))
    return {notes[flow.object_id]: flow for flow in flows}


def _has_note(case: Case) -> bool:
    try:
        return case.note is not None
    except InfoNote.DoesNotExist:
        return False


# --- the board ----------------------------------------------------------------------------------


BOARD_COLUMNS = (
    Case.Status.OPEN,
    Case.Status.WAITING_INSTITUTION,
    Case.Status.WAITING_APPROVAL,
    Case.Status.SENT,
    Case.Status.CLOSED,
)
CLOSED_ON_BOARD = 10


@dataclass
class Column:
    status: str
    label: str
    cases: list[Case] = field(default_factory=list)
    total: int = 0


def board(user: User, text: str = "") -> list[Column]:
    """The cases by status; the closed column shows the latest few (the rest are in the search)."""
    qs = search_cases(cases_visible_to(user), text).select_related("institution", "note", "created_by", "story")
    active = list(qs.exclude(status=Case.Status.CLOSED).order_by("deadline", "-created_at"))
    closed = list(qs.filter(status=Case.Status.CLOSED).order_by("-closed_at")[:CLOSED_ON_BOARD])
    closed_total = qs.filter(status=Case.Status.CLOSED).count()
    flows = note_flows([*active, *closed])
    columns: dict[str, Column] = {status: Column(status, str(Case.Status(status).label)) for status in BOARD_COLUMNS}
    for case in [*active, *closed]:
        case.note_flow = flows.get(case.pk)  # type: ignore[attr-defined]
        columns[case.status].cases.append(case)
    for column in columns.values():
        column.total = len(column.cases)
    columns[Case.Status.CLOSED].total = closed_total
    return list(columns.values())


# --- the timeline ----------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: datetime.datetime
    who: str
    label: str
    text: str = ""
    source: str = "case"


def timeline(case: Case) -> list[TimelineEntry]:
    """Every step of the case with who and when: its own events and the approval decisions of its letter and note."""
    entries = [
        TimelineEntry(e.created_at, e.actor_name or (str(e.actor) if e.actor else ""), e.get_kind_display(), e.text)
        for e in CaseEvent.objects.filter(case=case).select_related("actor")
    ]
    targets: list[tuple[ContentType, int, str]] = []
    if case.request_letter_id:
        from pressdesk.documents.models import Letter

        targets.append((ContentType.objects.get_for_model(Letter), case.request_letter_id, _("Request letter")))
    note = getattr(case, "note", None) if _has_note(case) else None
    if note is not None:
        targets.append((ContentType.objects.get_for_model(InfoNote), note.pk, _("Information note")))
    if targets:
        q = Q(pk__in=[])
        for ct, object_id, _label in targets:
            q |= Q(flow__content_type=ct, flow__object_id=object_id)
        labels = {(ct.pk, object_id): label for ct, object_id, label in targets}
        for decision in ApprovalDecision.objects.filter(q).select_related("flow", "actor"):
            what = labels[(decision.flow.content_type_id, decision.flow.object_id)]
            entries.append(
                TimelineEntry(
                    decision.created_at,
                    decision.actor_name or (str(decision.actor) if decision.actor else ""),
                    f"{what}: {decision.get_action_display()}",
                    decision.comment,
                    source="approval",
                )
            )
    return sorted(entries, key=lambda entry: entry.at)


# --- statistics ------------------------------------------------------------------------------------


@dataclass
class InstitutionRow:
    name: str
    cases: int = 0
    answered: int = 0
    overdue: int = 0
    answer_days: list[int] = field(default_factory=list)

    @property
    def average_days(self) -> float | None:
        return round(sum(self.answer_days) / len(self.answer_days), 1) if self.answer_days else None


@dataclass
class Statistics:
    rows: list[InstitutionRow]
    total: int
    with_deadline: int
    overdue: int
    answered: int
    average_days: float | None
    by_status: dict[str, int]

    @property
    def overdue_share(self) -> float | None:
        return round(100 * self.overdue / self.with_deadline, 1) if self.with_deadline else None


def was_overdue(case: Case, today: datetime.date) -> bool:
    """Answered after the deadline, or still unanswered past it."""
    if case.deadline is None:
        return False
    if case.answered_at is not None:
        return timezone.localdate(case.answered_at) > case.deadline
    return case.status != Case.Status.CLOSED and case.deadline < today


def statistics(user: User, date_from: datetime.date | None = None, date_to: datetime.date | None = None) -> Statistics:
    """Cases per institution, time to answer in business days, share answered late (two queries)."""
    qs = cases_visible_to(user).select_related("institution")
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    cases = list(qs.only("status", "deadline", "request_sent_at", "answered_at", "institution__name", "created_at"))
    today = timezone.localdate()
    sent_dates = [timezone.localdate(c.request_sent_at) for c in cases if c.request_sent_at]
    calendar = Calendar(min(sent_dates), today) if sent_dates else None
    rows: dict[str, InstitutionRow] = {}
    by_status: dict[str, int] = defaultdict(int)
    overdue = with_deadline = answered = 0
    all_days: list[int] = []
    for case in cases:
        name = case.institution.name if case.institution else _("(no institution yet)")
        row = rows.setdefault(name, InstitutionRow(name))
        row.cases += 1
        by_status[case.status] += 1
        if case.deadline:
            with_deadline += 1
        if was_overdue(case, today):
            row.overdue += 1
            overdue += 1
        if case.answered_at and case.request_sent_at and calendar is not None:
            days = max(
                0, calendar.between(timezone.localdate(case.request_sent_at), timezone.localdate(case.answered_at))
            )
            row.answer_days.append(days)
            all_days.append(days)
        if case.answered_at:
            row.answered += 1
            answered += 1
    ordered = sorted(rows.values(), key=lambda r: (-r.cases, turkish.sort_key(r.name)))
    return Statistics(
        rows=ordered,
        total=len(cases),
        with_deadline=with_deadline,
        overdue=overdue,
        answered=answered,
        average_days=round(sum(all_days) / len(all_days), 1) if all_days else None,
        by_status=dict(by_status),
    )


# --- İşlerim -----------------------------------------------------------------------------------------


def _inbox_qs(user: User) -> QuerySet[Case]:
    if not user.is_active:
        return Case.objects.none()
    if is_officer(user):
        return cases_visible_to(user).filter(status=Case.Status.WAITING_INSTITUTION)
    if user.is_unit_member:
        return Case.objects.filter(
            created_by=user,
            status__in=[Case.Status.OPEN, Case.Status.WAITING_INSTITUTION, Case.Status.WAITING_APPROVAL],
        )
    return Case.objects.none()


def inbox_items(user: User) -> Iterable[InboxItem]:
    officer = is_officer(user)
    for case in _inbox_qs(user).select_related("institution"):
        if officer:
            subtitle = _("Your institution is asked for an information note")
        elif case.status == Case.Status.WAITING_INSTITUTION:
            subtitle = _("Waiting for %(institution)s (you may record the note on its behalf)") % {
                "institution": case.institution.name if case.institution else "-"
            }
        else:
            subtitle = str(case.get_status_display())
        yield InboxItem(
            kind=_("Information note"),
            title=case.title,
            url=reverse("infonotes:detail", args=[case.pk]),
            due=case.deadline if case.status == Case.Status.WAITING_INSTITUTION else case.ministry_deadline,
            priority=4 if case.is_overdue else 3,
            subtitle=subtitle,
        )


def inbox_query(user: User) -> QuerySet[Case]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    return _inbox_qs(user)


def inbox_count(user: User) -> int:
    return _inbox_qs(user).count()


def negative_stories_without_case(user: User, limit: int = 10) -> list[Any]:
    """Recent negative stories the user can see that have no open case yet (to open one with a click)."""
    from pressdesk.monitoring.models import Sentiment
    from pressdesk.monitoring.queries import stories_visible_to, triage_rows
    from pressdesk.organizations.queries import province_for

    taken = cases_visible_to(user).exclude(status=Case.Status.CLOSED).filter(story__isnull=False).values("story_id")
    here = triage_rows(province_for(user))  # negative by the user's province's label, else by the suggestion
    qs = (
        stories_visible_to(user)
        .filter(
            Q(Exists(here.filter(sentiment=Sentiment.NEGATIVE)))
            | (~Exists(here.exclude(sentiment="")) & Q(sentiment_suggested=Sentiment.NEGATIVE))
        )
        .exclude(pk__in=taken)
        .order_by("-last_seen_at")
    )
    return list(qs[:limit])


def recipient_defaults(case: Case) -> dict[str, Any]:
    """Where the note usually goes: the Ministry press office, a General Directorate press unit, the governorship."""
    from pressdesk.documents.actions import province_name, provincial_directorate
    from pressdesk.organizations.models import Organization, OrganizationKind

    K = OrganizationKind
    active = Organization.objects.filter(is_active=True).exclude(email="").select_related("parent")
    ministry = active.filter(kind=K.EXTERNAL_PRESS_UNIT, parent__kind=K.MINISTRY).order_by("path").first()
    general = active.filter(kind=K.EXTERNAL_PRESS_UNIT, parent__kind=K.GENERAL_DIRECTORATE).order_by("path").first()
    governorship = None
    directorate = provincial_directorate(case.organization)
    if directorate is not None:
        wanted = turkish.casefold(province_name(directorate))
        governorship = next(
            (
                org
                for org in active.filter(kind=K.GOVERNORSHIP)
                if turkish.casefold(org.name).startswith(wanted) or turkish.casefold(org.province) == wanted
            ),
            None,
        )
    return {"ministry": ministry, "general_directorate": general, "governorship": governorship}


def notes_visible_to(user: User) -> QuerySet[InfoNote]:
    return InfoNote.objects.filter(case__in=cases_visible_to(user).values("pk"))


def closed_cases_for(user: User, search: dict[str, Any] | None = None) -> QuerySet[Case]:
    """The closed cases ``user`` sees, most recently closed first; ``search`` (the search form's
    cleaned data) narrows them by text (``q``) and opening date (``date_from``, ``date_to``)."""
    qs = cases_visible_to(user).filter(status=Case.Status.CLOSED)
    if search is not None:
        qs = search_cases(qs, search.get("q") or "")
        if search.get("date_from"):
            qs = qs.filter(created_at__date__gte=search["date_from"])
        if search.get("date_to"):
            qs = qs.filter(created_at__date__lte=search["date_to"])
    return qs.select_related("institution", "closed_by").order_by("-closed_at", "-pk")


def dispatches_of(case: Case) -> list[Dispatch]:
    """The case's e-mail dispatches with their recipients and sender."""
    return list(case.dispatches.prefetch_related("recipients").select_related("sent_by"))


def status_label(case: Case, note_flow: ApprovalFlow | None) -> str:
    """The case's status as the user should read it: "waiting for approval" only while the note is in its chain."""
    if case.status != Case.Status.WAITING_APPROVAL:
        return str(case.get_status_display())
    F = ApprovalFlow.Status
    if note_flow is None or note_flow.status == F.DRAFT:
        return str(_("Note received, to be submitted for approval"))
    if note_flow.status in (F.RETURNED, F.REJECTED):
        return str(_("Note returned for corrections"))
    if note_flow.status == F.APPROVED:
        return str(_("Note approved, to be sent"))
    return str(case.get_status_display())


def story_institution(user: Any, story: Any) -> Any:
    """The institution a monitored story is about: the one its matched watch terms name most, in ``user``'s scope."""
    from pressdesk.infonotes.models import ASKABLE_KINDS
    from pressdesk.monitoring.models import ItemMatch
    from pressdesk.organizations.models import Organization

    top = (
        ItemMatch.objects.filter(item__story=story, term__organization__kind__in=ASKABLE_KINDS)
        .filter(scope_q(user, "term__organization"))
        .values("term__organization")
        .annotate(n=Count("pk"))
        .order_by("-n", "term__organization")
        .first()
    )
    return Organization.objects.filter(pk=top["term__organization"]).first() if top else None


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def notes_sent_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Information notes sent, per month of [start, end), in the province (one query)."""
    from pressdesk.infonotes.models import Case
    from pressdesk.lib import activity

    qs = Case.objects.filter(sent_at__isnull=False)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "sent_at", start, end)


def answers_received_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Institutions' answers received, per month of [start, end), in the province (one query)."""
    from pressdesk.infonotes.models import Case
    from pressdesk.lib import activity

    qs = Case.objects.filter(answered_at__isnull=False)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "answered_at", start, end)


def answer_times(province: Any, start: datetime.date, end: datetime.date) -> list[Any]:
    """Hours from the request to the institution to its answer, per month of the answer (one query)."""
    from pressdesk.infonotes.models import Case
    from pressdesk.lib import activity

    qs = Case.objects.filter(answered_at__isnull=False, request_sent_at__isnull=False)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    found = activity.durations_by_month(qs, "request_sent_at", "answered_at", start, end)
    monthly, period = found.get("", ({}, activity.Durations()))
    return [activity.DurationGroup(key="", label="", months=monthly, period=period)]
