"""Every change of the director's office: meetings and series, agenda requests, minutes,
decisions and their progress, the letters drafted from a meeting, VTC rooms, tests and faults.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.approvals import actions as approvals
from pressdesk.lib.files import validate_document_upload
from pressdesk.meetings import invitations, queries
from pressdesk.meetings.models import (
    AgendaRequest,
    CalendarFeed,
    ChecklistItem,
    Decision,
    Kind,
    Meeting,
    MeetingLetter,
    Minutes,
    Participant,
    Progress,
    Series,
    VtcFault,
    VtcReminder,
    VtcRoom,
    VtcTest,
)
from pressdesk.notifications.actions import notify
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import in_scope, province_for, province_of

if TYPE_CHECKING:
    from pressdesk.approvals.models import ApprovalFlow
    from pressdesk.documents.models import Letter

#: The hall and materials every meeting needs (3.15.4); data in Turkish, like the paper checklist.
DEFAULT_CHECKLIST = ("Salon", "Projeksiyon ve ses sistemi", "İsim kartları", "Katılım (imza) listesi", "İkram")

#: How many days ahead a series' meetings are generated.
SERIES_HORIZON_DAYS = 62


def _check_secretariat(actor: User) -> Organization:
    province = province_for(actor)
    if not queries.is_secretariat(actor) or province is None:
        raise PermissionDenied(_("Only the province's press unit keeps the director's meetings."))
    return province


def _check_manage(actor: User, meeting: Meeting) -> None:
    if not queries.can_manage(actor, meeting):
        raise PermissionDenied(_("Only the meeting's secretariat can change it."))


def _check_times(start: datetime.datetime, end: datetime.datetime) -> None:
    if end <= start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})


def _check_people(province: Organization, users: Iterable[User], institutions: Iterable[Organization]) -> None:
    for user in users:
        if province_of(user.organization) != province:
            raise ValidationError({"users": _("Choose people of this province.")})
    for institution in institutions:
        if province_of(institution) != province:
            raise ValidationError({"institutions": _("Choose institutions of this province.")})


def _set_participants(
    meeting: Meeting, users: Iterable[User], institutions: Iterable[Organization], outside: Iterable[str]
) -> None:
    # Attendance already recorded is kept for the people and institutions still invited.
    attended = {(p.user_id, p.institution_id, p.name): p.attended for p in meeting.participants.all()}
    meeting.participants.all().delete()
    rows: list[Participant] = []
    seen: set[int] = set()
    people = list(users)
    if meeting.chair_id and meeting.chair not in people:
        people.insert(0, meeting.chair)  # type: ignore[arg-type]
    for user in people:
        if user.pk not in seen:
            seen.add(user.pk)
            rows.append(Participant(meeting=meeting, user=user, signs=True))
    rows += [Participant(meeting=meeting, institution=org, signs=True) for org in dict.fromkeys(institutions)]
    rows += [Participant(meeting=meeting, name=name.strip()) for name in outside if name.strip()]
    for row in rows:
        row.attended = attended.get((row.user_id, row.institution_id, row.name))
    Participant.objects.bulk_create(rows)


def _outside_names(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@transaction.atomic
def create_meeting(
    *,
    actor: User,
    title: str,
    kind: str,
    start: datetime.datetime,
    end: datetime.datetime,
    place: str = "",
    room: VtcRoom | None = None,
    connection: str = "",
    closed: bool = False,
    agenda_deadline: datetime.datetime | None = None,
    users: Iterable[User] = (),
    institutions: Iterable[Organization] = (),
    outside: str = "",
    recurrence: str = "",
    week_of_month: int = 1,
) -> Meeting:
    """Plan a meeting (3.15.1) chaired by the province's director; ``recurrence`` starts a series."""
    province = _check_secretariat(actor)
    users, institutions = list(users), list(institutions)
    _check_times(start, end)
    _check_people(province, users, institutions)
    if room is not None and not queries.rooms_visible_to(actor).filter(pk=room.pk).exists():
        raise ValidationError({"room": _("Choose a room of this province.")})
    if not place.strip() and room is None:
        raise ValidationError({"place": _("Give the hall, or choose a VTC room.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    assert actor.organization is not None  # the secretariat belongs to the unit
    meeting = Meeting.objects.create(
        organization=actor.organization,
        title=title.strip(),
        kind=kind,
        start=start,
        end=end,
        place=place.strip(),
        room=room,
        connection=connection.strip() or (room.connection if room else ""),
        closed=closed,
        agenda_deadline=agenda_deadline or start - datetime.timedelta(days=2),
        chair=queries.director_of(actor),
        created_by=actor,
    )
    _set_participants(meeting, users, institutions, _outside_names(outside))
    _add_checklist(meeting)
    if recurrence:
        if recurrence not in Series.Frequency.values:
            raise ValidationError({"recurrence": _("Choose how the meeting recurs.")})
        local = timezone.localtime(start)
        series = Series.objects.create(
            organization=meeting.organization,
            title=meeting.title,
            frequency=recurrence,
            weekday=local.weekday(),
            week_of_month=week_of_month,
            template=meeting,
            created_by=actor,
        )
        meeting.series = series
        meeting.occurrence = local.date()
        meeting.save(update_fields=["series", "occurrence"])
        generate_series(series=series)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    kind: str,
    start: datetime.datetime,
    end: datetime.datetime,
    place: str = "",
    room: VtcRoom | None = None,
    connection: str = "",
    closed: bool = False,
    agenda_deadline: datetime.datetime | None = None,
    users: Iterable[User] = (),
    institutions: Iterable[Organization] = (),
    outside: str = "",
    **_ignored: Any,
) -> Meeting:
    _check_manage(actor, meeting)
    province = province_for(actor) or province_of(meeting.organization)
    users, institutions = list(users), list(institutions)
    _check_times(start, end)
    if province is not None:
        _check_people(province, users, institutions)
    if not place.strip() and room is None:
        raise ValidationError({"place": _("Give the hall, or choose a VTC room.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    shown_before = (meeting.title, meeting.start, meeting.end, meeting.where, meeting.connection)
    meeting.title, meeting.kind, meeting.start, meeting.end = title.strip(), kind, start, end
    meeting.place, meeting.room, meeting.closed = place.strip(), room, closed
    meeting.connection = connection.strip() or (room.connection if room else "")
    meeting.agenda_deadline = agenda_deadline or start - datetime.timedelta(days=2)
    meeting.save()
    invited_before = {person.pk for person in invitations.recipients(meeting)} if meeting.invited_at else set()
    _set_participants(meeting, users, institutions, _outside_names(outside))
    if (meeting.title, meeting.start, meeting.end, meeting.where, meeting.connection) != shown_before:
        _reinvite(meeting, "REQUEST")
    elif meeting.invited_at is not None:
        # Only the participants changed: the new ones are invited, the removed ones get a CANCEL of their own.
        invited_now = {person.pk for person in invitations.recipients(meeting)}
        if invited_now != invited_before:
            if invitations.needs_new_sequence(meeting, invited_now - invited_before):
                _reinvite(meeting, "REQUEST")
            else:
                _send_invitations(meeting, "REQUEST")
    return meeting


def _add_checklist(meeting: Meeting) -> None:
    if meeting.kind == Kind.VTC:
        labels: tuple[str, ...] = ("VTC bağlantı testi", "Katılım (imza) listesi")
    else:
        labels = DEFAULT_CHECKLIST
    ChecklistItem.objects.bulk_create(
        ChecklistItem(meeting=meeting, label=label, position=position) for position, label in enumerate(labels, start=1)
    )


@transaction.atomic
def update_checklist_item(*, actor: User, item: ChecklistItem, owner: User | None, done: bool) -> ChecklistItem:
    """Give a checklist item an owner of the unit and tick it off (or not)."""
    _check_manage(actor, item.meeting)
    if owner is not None and not (
        owner.is_unit_member and province_of(owner.organization) == province_of(item.meeting.organization)
    ):
        raise ValidationError({"owner": _("Choose someone of the province's unit.")})
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    item.owner = owner
    if done and item.done_at is None:
        item.done_at, item.done_by = timezone.now(), actor
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["owner", "done_at", "done_by"])
    return item


@transaction.atomic
def cancel_meeting(*, actor: User, meeting: Meeting) -> Meeting:
    _check_manage(actor, meeting)
    already = meeting.status == Meeting.Status.CANCELLED
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    if not already:
        _reinvite(meeting, "CANCEL")
    return meeting


# --- series ------------------------------------------------------------------------------------


def occurrences(series: Series, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The dates of ``series`` in [start, end): every week on its weekday, or the n-th weekday of each month."""
    dates: list[datetime.date] = []
    if series.frequency == Series.Frequency.WEEKLY:
        day = start + datetime.timedelta(days=(series.weekday - start.weekday()) % 7)
        while day < end:
            dates.append(day)
            day += datetime.timedelta(days=7)
        return dates
    month = start.replace(day=1)
    while month < end:
        first = month + datetime.timedelta(days=(series.weekday - month.weekday()) % 7)
        day = first + datetime.timedelta(weeks=series.week_of_month - 1)
        if day.month == month.month and start <= day < end:
            dates.append(day)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return dates


@transaction.atomic
def generate_series(*, series: Series, today: datetime.date | None = None) -> int:
    """Create the series' meetings of the coming weeks that do not exist yet (idempotent)."""
    template = series.template
    if not series.is_active or template is None:
        return 0
    today = today or timezone.localdate()
    first = timezone.localtime(template.start).date()
    start = max(today, first + datetime.timedelta(days=1))
    end = today + datetime.timedelta(days=SERIES_HORIZON_DAYS)
    if series.until:
        end = min(end, series.until + datetime.timedelta(days=1))
    existing = set(Meeting.objects.filter(series=series).values_list("occurrence", flat=True))
    template_start = timezone.localtime(template.start)
    duration = template.end - template.start
    deadline_before = template.start - (template.agenda_deadline or template.start)
    participants = list(template.participants.all())
    created = 0
    tz = timezone.get_default_timezone()
    for day in occurrences(series, start, end):
        if day in existing:
            continue
        begin = timezone.make_aware(datetime.datetime.combine(day, template_start.time()), tz)
        meeting = Meeting.objects.create(
            organization=template.organization,
            title=template.title,
            kind=template.kind,
            start=begin,
            end=begin + duration,
            place=template.place,
            room=template.room,
            connection=template.connection,
            closed=template.closed,
            agenda_deadline=begin - deadline_before,
            chair=template.chair,
            series=series,
            occurrence=day,
            created_by=template.created_by,
        )
        Participant.objects.bulk_create(
            Participant(meeting=meeting, user=p.user, institution=p.institution, name=p.name, signs=p.signs)
            for p in participants
        )
        _add_checklist(meeting)
        created += 1
    return created


@transaction.atomic
def generate_all_series() -> int:
    """Beat: every active series' coming meetings (idempotent: an existing date is skipped)."""
    return sum(generate_series(series=series) for series in Series.objects.filter(is_active=True))


# --- agenda ------------------------------------------------------------------------------------


@transaction.atomic
def request_agenda(
    *,
    actor: User,
    meeting: Meeting,
    topic: str,
    presenter: str,
    minutes_needed: int = 10,
    attachment: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> AgendaRequest:
    """A participant or the unit asks for an agenda item (3.15.3), until the deadline."""
    if not queries.meetings_visible_to(actor).filter(pk=meeting.pk).exists():
        raise PermissionDenied(_("Only the meeting's participants and the secretariat can ask for agenda items."))
    now = now or timezone.now()
    if meeting.agenda_deadline and now > meeting.agenda_deadline:
        raise ValidationError(
            _("Agenda requests for this meeting closed on %(date)s. Ask the secretariat directly.")
            % {"date": timezone.localtime(meeting.agenda_deadline).strftime("%d.%m.%Y %H:%M")},
            code="deadline",
        )
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("This meeting is no longer planned."), code="status")
    if not topic.strip():
        raise ValidationError({"topic": _("Write the topic.")})
    if not 1 <= minutes_needed <= 240:
        raise ValidationError({"minutes_needed": _("The time needed must be between 1 and 240 minutes.")})
    if attachment is not None:
        try:
            validate_document_upload(attachment)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from exc
    item = AgendaRequest(
        meeting=meeting,
        topic=topic.strip(),
        presenter=presenter.strip(),
        minutes_needed=minutes_needed,
        requested_by=actor,
    )
    if attachment is not None:
        item.attachment = attachment  # type: ignore[assignment]
    item.save()
    return item


@transaction.atomic
def decide_request(
    *, actor: User, item: AgendaRequest, decision: str, reason: str = "", merge_into: AgendaRequest | None = None
) -> AgendaRequest:
    """The secretariat accepts, merges or declines (with a reason) an agenda request."""
    meeting = item.meeting
    _check_manage(actor, meeting)
    item = AgendaRequest.objects.select_for_update().get(pk=item.pk)
    if item.status != AgendaRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."), code="decided")
    if decision == "accept":
        last = meeting.agenda_requests.aggregate(m=Max("position"))["m"] or 0
        item.status, item.position = AgendaRequest.Status.ACCEPTED, last + 1
    elif decision == "merge":
        if (
            merge_into is None
            or merge_into.meeting_id != meeting.pk
            or merge_into.status != AgendaRequest.Status.ACCEPTED
        ):
            raise ValidationError({"merge_into": _("Choose an item already on the agenda to merge into.")})
        item.status, item.merged_into = AgendaRequest.Status.MERGED, merge_into
    elif decision == "decline":
        if not reason.strip():
            raise ValidationError({"reason": _("Write why the request is declined.")})
        item.status = AgendaRequest.Status.DECLINED
    else:
        raise ValidationError(_("Choose accept, merge or decline."))
    item.reason = reason.strip()
    item.decided_by, item.decided_at = actor, timezone.now()
    item.save()
    if item.requested_by_id != actor.pk:
        notify(
            recipients=[item.requested_by],
            kind="meeting_agenda_decided",
            title=_("Agenda request “%(topic)s”: %(status)s")
            % {"topic": item.topic[:100], "status": item.get_status_display()},
            body=item.reason,
            url=meeting.get_absolute_url(),
        )
    return item


@transaction.atomic
def move_item(*, actor: User, item: AgendaRequest, up: bool) -> None:
    """Move an agenda item one place up or down."""
    _check_manage(actor, item.meeting)
    items = queries.agenda_of(item.meeting)
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("This request is not on the agenda."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
def approve_agenda(*, actor: User, meeting: Meeting) -> Meeting:
    """The director (the chair) approves the ordered agenda; the participants are sent it (3.15.3)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if actor.pk != meeting.chair_id:
        raise PermissionDenied(_("Only the chair of the meeting approves its agenda."))
    items = queries.agenda_of(meeting)
    if not items:
        raise ValidationError(_("The agenda is empty: accept at least one request first."))
    meeting.agenda_approved_at, meeting.agenda_approved_by = timezone.now(), actor
    meeting.save(update_fields=["agenda_approved_at", "agenda_approved_by"])
    notify(
        recipients=[u for u in _participant_users(meeting) if u.pk != actor.pk],
        kind="meeting_agenda_sent",
        title=_("The agenda of “%(title)s” is approved") % {"title": meeting.title[:150]},
        body="\n".join(f"{number}. {item.topic}" for number, item in enumerate(items, start=1)),
        url=meeting.get_absolute_url(),
    )
    return meeting


def _participant_users(meeting: Meeting) -> list[User]:
    """The participants inside the system: people invited by name and the institutions' press officers."""
    participants = queries.participants_of(meeting)
    users = [p.user for p in participants if p.user]
    institutions = [p.institution_id for p in participants if p.institution_id]
    officers = User.objects.filter(organization_id__in=institutions, role=Role.AFFILIATE_PRESS, is_active=True)
    return [*users, *officers.order_by("pk")]


# --- minutes and decisions ---------------------------------------------------------------------


def minutes_flow(minutes: Minutes | None) -> ApprovalFlow | None:
    return approvals.flow_for(minutes) if minutes is not None else None


def minutes_editable(meeting: Meeting) -> bool:
    """The minutes can be written until their latest version goes to signature."""
    flow = minutes_flow(queries.latest_minutes(meeting))
    return flow is None or flow.is_editable


def _check_editable(meeting: Meeting) -> None:
    if not minutes_editable(meeting):
        raise ValidationError(
            _("The minutes are in their signature chain or signed; start a correction (a new version) to change them."),
            code="frozen",
        )


def _ensure_minutes(actor: User, meeting: Meeting) -> Minutes:
    minutes = queries.latest_minutes(meeting)
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, organization=meeting.organization, created_by=actor)
    return minutes


@transaction.atomic
def save_minutes(
    *, actor: User, meeting: Meeting, notes: str, attended: Iterable[int], item_notes: dict[int, str]
) -> Minutes:
    """Write the minutes (3.15.5): general notes, attendance, notes against each agenda item."""
    _check_manage(actor, meeting)
    _check_editable(meeting)
    minutes = _ensure_minutes(actor, meeting)
    minutes.notes = notes.strip()
    minutes.save(update_fields=["notes"])
    present = set(attended)
    for participant in meeting.participants.all():
        value = participant.pk in present
        if participant.attended != value:
            participant.attended = value
            participant.save(update_fields=["attended"])
    for item in queries.agenda_of(meeting):
        text = item_notes.get(item.pk, item.note).strip()
        if text != item.note:
            item.note = text
            item.save(update_fields=["note"])
    if meeting.status == Meeting.Status.PLANNED and meeting.start <= timezone.now():
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
    return minutes


@transaction.atomic
def add_decision(
    *, actor: User, meeting: Meeting, text: str, owner: Organization | None, due: datetime.date | None
) -> Decision:
    """A numbered decision with the institution responsible and a due date."""
    _check_manage(actor, meeting)
    _check_editable(meeting)
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the decision.")
    if owner is None:
        errors["owner"] = _("Every decision needs an owner institution: choose who carries it out.")
    elif province_of(owner) != province_of(meeting.organization):
        errors["owner"] = _("Choose an institution of this province.")
    if due is None:
        errors["due"] = _("Give the date by which the decision must be carried out.")
    if errors or owner is None or due is None:
        raise ValidationError(errors)
    _ensure_minutes(actor, meeting)
    number = (meeting.decisions.aggregate(m=Max("number"))["m"] or 0) + 1
    return Decision.objects.create(
        meeting=meeting, number=number, text=text.strip(), owner=owner, due=due, created_by=actor
    )


@transaction.atomic
def submit_minutes(*, actor: User, meeting: Meeting) -> ApprovalFlow:
    """Put the latest minutes to signature through the 3.15 chain."""
    _check_manage(actor, meeting)
    minutes = queries.latest_minutes(meeting)
    if minutes is None:
        raise ValidationError(_("Write the minutes first."))
    if not meeting.participants.filter(attended=True).exists():
        raise ValidationError(_("Record who attended before the minutes go to signature."))
    flow = minutes_flow(minutes)
    if flow is not None and not flow.is_editable:
        raise ValidationError(_("These minutes are already in their signature chain."))
    if minutes.created_by_id != actor.pk:
        minutes.created_by = actor
        minutes.save(update_fields=["created_by"])
    return approvals.submit(actor=actor, target=minutes)


@transaction.atomic
def correct_minutes(*, actor: User, meeting: Meeting, reason: str) -> Minutes:
    """A signed version stays as it was; a correction is a new version with its own signatures."""
    _check_manage(actor, meeting)
    latest = queries.latest_minutes(meeting)
    flow = minutes_flow(latest)
    if latest is None or flow is None or flow.status != flow.Status.APPROVED:
        raise ValidationError(_("Only signed minutes are corrected by a new version; change these directly."))
    if not reason.strip():
        raise ValidationError({"reason": _("Write what the correction is for.")})
    return Minutes.objects.create(
        meeting=meeting,
        organization=meeting.organization,
        version=latest.version + 1,
        notes=latest.notes,
        correction_reason=reason.strip(),
        created_by=actor,
    )


@transaction.atomic
def report_progress(*, actor: User, decision: Decision, note: str, done: bool = False) -> Progress:
    """The owner institution (or the secretariat) reports on a decision; ``done`` closes it."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != Decision.Status.OPEN:
        raise ValidationError(_("This decision is already closed."), code="closed")
    if not queries.can_report(actor, decision):
        raise PermissionDenied(_("Only the owner institution or the secretariat reports on this decision."))
    if not note.strip():
        raise ValidationError({"note": _("Write what was done.")})
    progress = Progress.objects.create(decision=decision, note=note.strip(), done=done, reported_by=actor)
    if done:
        decision.status = Decision.Status.DONE
        decision.closed_at = timezone.now()
        decision.save(update_fields=["status", "closed_at"])
    meeting = decision.meeting
    notify(
        recipients=[meeting.created_by],
        kind="meeting_decision_progress",
        title=_("Decision %(number)d of “%(title)s”: %(note)s")
        % {"number": decision.number, "title": meeting.title[:80], "note": note.strip()[:80]},
        url=decision.get_absolute_url(),
    )
    return progress


# --- letters -----------------------------------------------------------------------------------


def _letter_fields(actor: User, kind: str) -> dict[str, Any]:
    from pressdesk.documents.actions import letter_defaults_for

    fields = letter_defaults_for(actor, kind=kind)
    if not fields.get("detsis_no"):
        raise ValidationError(_("Your organization has no DETSİS number; an administrator enters it first."))
    if fields.get("signer") is None:
        raise ValidationError(_("The province has no director to sign the letter."))
    fields["file_plan_code"] = MEETING_FILE_PLAN_CODE
    return fields


#: The file plan code of the director's meetings (Standart Dosya Planı: toplantılar).
MEETING_FILE_PLAN_CODE = "010.04"


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    return f"{start:%d.%m.%Y} tarihinde saat {start:%H:%M}"


@transaction.atomic
def draft_notice_letter(*, actor: User, meeting: Meeting) -> Letter:
    """The notification letter (3.15.2): to every participating institution (Dağıtım), through documents' chain."""
    from pressdesk.documents.actions import create_letter
    from pressdesk.documents.models import Letter

    _check_manage(actor, meeting)
    institutions = [p.institution for p in queries.participants_of(meeting) if p.institution]
    if not institutions:
        raise ValidationError(_("The meeting has no participating institution to write to."))
    fields = _letter_fields(actor, Letter.Kind.MEETING_NOTICE)
    fields.update(
        subject="Toplantı",
        addressee="DAĞITIM YERLERİNE",
        body=(
            f"İl Sağlık Müdürümüz başkanlığında “{meeting.title}” toplantısı {_when(meeting)}"
            f" {meeting.where} adresinde yapılacaktır.\n"
            "Toplantıya kurumunuzu temsilen yetkili bir kişinin katılımı hususunda gereğini rica ederim."
        ),
        closing=Letter.Closing.RICA,
        distribution_action=[org.name for org in institutions],
    )
    letter = create_letter(actor=actor, **fields)
    MeetingLetter.objects.create(meeting=meeting, letter=letter, purpose=MeetingLetter.Purpose.NOTICE)
    # Nobody is invited yet: the participants hear of the meeting when the letter is approved
    # (``notice_letter_approved``), so a letter returned in its chain has invited nobody.
    return letter


def notice_letter_approved(letter: Letter) -> None:
    """A letter's approval flow completed (approvals' ``on_approved`` listener, in its transaction).

    For a meeting's notice letter: the participants inside the system get a notification and,
    the first time, the iCal invitation by e-mail (through the outbox); a later change or a
    cancellation sends it again. Any other letter is left alone.
    """
    link = (
        MeetingLetter.objects.filter(letter=letter, purpose=MeetingLetter.Purpose.NOTICE)
        .select_related("meeting")
        .first()
    )
    if link is None:
        return
    meeting = Meeting.objects.select_for_update().get(pk=link.meeting_id)
    if meeting.status == Meeting.Status.CANCELLED or meeting.invited_at is not None:
        return  # cancelled meanwhile, or already invited by an earlier notice letter
    notify(
        recipients=[u for u in _participant_users(meeting) if u.pk != meeting.created_by_id],
        kind="meeting_planned",
        title=_("Meeting “%(title)s” on %(date)s")
        % {"title": meeting.title[:120], "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y %H:%M")},
        url=meeting.get_absolute_url(),
    )
    meeting.invited_at = timezone.now()
    meeting.save(update_fields=["invited_at"])
    _send_invitations(meeting, "REQUEST")


def _send_invitations(meeting: Meeting, method: str) -> None:
    from pressdesk.meetings.tasks import send_invitations
    from pressdesk.outbox.actions import enqueue

    enqueue(send_invitations, meeting.pk, method)


def _reinvite(meeting: Meeting, method: str) -> None:
    """After a change that a calendar shows (or a cancellation), send the invitation again, one SEQUENCE up."""
    if meeting.invited_at is None:
        return
    Meeting.objects.filter(pk=meeting.pk).update(ical_sequence=F("ical_sequence") + 1)
    meeting.refresh_from_db(fields=["ical_sequence"])
    _send_invitations(meeting, method)


@transaction.atomic
def draft_decision_letters(*, actor: User, meeting: Meeting) -> list[Letter]:
    """The decision letters (3.15.6): one per owner institution, listing its decisions."""
    from pressdesk.documents.actions import create_letter
    from pressdesk.documents.models import Letter

    _check_manage(actor, meeting)
    by_owner: dict[Organization, list[Decision]] = {}
    for decision in queries.decisions_of(meeting):
        by_owner.setdefault(decision.owner, []).append(decision)
    if not by_owner:
        raise ValidationError(_("The meeting has no decisions to communicate."))
    done = set(meeting.letters.filter(purpose=MeetingLetter.Purpose.DECISIONS).values_list("institution_id", flat=True))
    letters = []
    start = timezone.localtime(meeting.start)
    for owner, decisions in by_owner.items():
        if owner.pk in done:
            continue
        fields = _letter_fields(actor, Letter.Kind.DECISION_NOTICE)
        lines = "\n".join(f"{d.number}. {d.text} (Son tarih: {d.due:%d.%m.%Y})" for d in decisions)
        fields.update(
            subject="Toplantı kararları",
            addressee=owner.name,
            body=(
                f"{start:%d.%m.%Y} tarihinde yapılan “{meeting.title}” toplantısında kurumunuzu ilgilendiren"
                f" aşağıdaki kararlar alınmıştır:\n{lines}\n"
                "Kararların belirtilen tarihlere kadar yerine getirilmesi hususunda gereğini rica ederim."
            ),
            closing=Letter.Closing.RICA,
        )
        letter = create_letter(actor=actor, **fields)
        MeetingLetter.objects.create(
            meeting=meeting, letter=letter, purpose=MeetingLetter.Purpose.DECISIONS, institution=owner
        )
        letters.append(letter)
    if not letters:
        raise ValidationError(_("Every owner institution already has its decision letter."))
    return letters


# --- VTC (3.16) --------------------------------------------------------------------------------


@transaction.atomic
def save_room(
    *,
    actor: User,
    room: VtcRoom | None = None,
    name: str,
    location: str = "",
    devices: str = "",
    connection: str = "",
    test_every_days: int = 30,
    is_active: bool = True,
) -> VtcRoom:
    _check_secretariat(actor)
    if room is None:
        room = VtcRoom(organization=actor.organization)
    elif not in_scope(actor, room.organization):
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Name the room.")})
    room.name, room.location, room.devices, room.connection = (
        name.strip(),
        location.strip(),
        devices.strip(),
        connection.strip(),
    )
    room.test_every_days, room.is_active = test_every_days, is_active
    room.save()
    return room


@transaction.atomic
def record_test(*, actor: User, room: VtcRoom, result: str, quality_notes: str = "", fault: str = "") -> VtcTest:
    """A connection test (3.16.2); a failed one opens a fault."""
    if not (queries.rooms_visible_to(actor).filter(pk=room.pk).exists() and queries.is_secretariat(actor)):
        raise PermissionDenied(_("Only the province's press unit records connection tests."))
    if not result:
        raise ValidationError({"result": _("Record the result of the test: did the connection work?")})
    if result not in VtcTest.Result.values:
        raise ValidationError({"result": _("Choose the result of the test.")})
    test = VtcTest.objects.create(room=room, tested_by=actor, result=result, quality_notes=quality_notes.strip())
    if result == VtcTest.Result.FAILED:
        VtcFault.objects.create(
            room=room, test=test, description=fault.strip() or quality_notes.strip() or _("The connection test failed.")
        )
    return test


@transaction.atomic
def resolve_fault(*, actor: User, fault: VtcFault, resolution: str) -> VtcFault:
    if not queries.is_secretariat(actor):
        raise PermissionDenied
    fault = VtcFault.objects.select_for_update().get(pk=fault.pk)
    if fault.resolved_at is not None:
        raise ValidationError(_("This fault is already resolved."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Write how the fault was resolved.")})
    fault.resolution, fault.resolved_at, fault.resolved_by = resolution.strip(), timezone.now(), actor
    fault.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    return fault


def _first_reminder(*, room: VtcRoom, kind: str, due_at: datetime.datetime, meeting: Meeting | None = None) -> bool:
    """Record the reminder (room or session, kind, due moment); False when it was already sent.

    The row is written in the caller's transaction, before its notification: a second run, a
    retry or two beat ticks at once hit the unique constraint (a concurrent one waits for the
    first to commit) and send nothing more.
    """
    try:
        with transaction.atomic():
            VtcReminder.objects.create(room=room, meeting=meeting, kind=kind, due_at=due_at)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def remind_due_tests(now: datetime.datetime | None = None) -> int:
    """Beat: tell the unit's staff which VTC rooms are due for their connection test (once per due moment)."""
    now = now or timezone.now()
    sent = 0
    for room, due_at in queries.rooms_due_for_test_at(now):
        province = province_of(room.organization)
        if province is None:
            continue
        if not _first_reminder(room=room, kind=VtcReminder.Kind.TEST_DUE, due_at=due_at):
            continue
        staff = User.objects.filter(
            role__in=[Role.STAFF, Role.UNIT_HEAD], is_active=True, organization__path__startswith=province.path
        ).order_by("pk")
        notify(
            recipients=staff,
            kind="meeting_vtc_test_due",
            title=_("The VTC room “%(room)s” is due for its connection test") % {"room": room.name},
            url=room.get_absolute_url(),
        )
        sent += 1
    return sent + remind_test_before_sessions(now)


#: A VTC session's room should have been tested within this many days before the session (3.16.3).
TEST_BEFORE_SESSION_DAYS = 3


@transaction.atomic
def remind_test_before_sessions(now: datetime.datetime | None = None) -> int:
    """Remind the organiser of a VTC session in the next two days whose room was not tested lately
    (once per session and start: a session moved to another time is reminded again)."""
    now = now or timezone.now()
    sessions = Meeting.objects.filter(
        room__isnull=False, status=Meeting.Status.PLANNED, start__gte=now, start__lt=now + datetime.timedelta(days=2)
    ).select_related("room", "created_by")
    sent = 0
    for session in sessions:
        assert session.room is not None
        recent = session.room.tests.filter(
            tested_at__gte=now - datetime.timedelta(days=TEST_BEFORE_SESSION_DAYS), result=VtcTest.Result.OK
        ).exists()
        if recent:
            continue
        if not _first_reminder(
            room=session.room, meeting=session, kind=VtcReminder.Kind.BEFORE_SESSION, due_at=session.start
        ):
            continue
        notify(
            recipients=[session.created_by],
            kind="meeting_vtc_test_due",
            title=_("Test the connection of “%(room)s” before the session “%(title)s”")
            % {"room": session.room.name, "title": session.title[:120]},
            url=session.room.get_absolute_url(),
        )
        sent += 1
    return sent


# --- the calendar feed -------------------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def renew_feed_token(*, actor: User) -> str:
    """A new secret feed address for ``actor`` (the old one stops working); returns the token once."""
    import secrets

    if not actor.is_active:
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=actor, defaults={"token_hash": feed_token_hash(token), "created_at": timezone.now()}
    )
    return token
