"""Every state change of TV/radio requests: record, check, approve through the guest's
own line, permit letter, announcement, aired record, reminders, the briefing pack.

The chain (3.4.2) runs through the guest's line of command — the guest's unit
head, their Başkan or chief physician, the director — not the press unit's:
``approvals.actions.submit(chain=guest's organization)``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.approvals import actions as approvals
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.approvals.registry import content_hash
from pressdesk.broadcast.models import BriefingTemplate, BroadcastEvent, BroadcastRequest
from pressdesk.broadcast.recordings import validate_recording
from pressdesk.documents import actions as documents
from pressdesk.documents.models import Letter
from pressdesk.lib import turkish
from pressdesk.lib.dates import format_datetime, local
from pressdesk.monitoring import actions as monitoring
from pressdesk.monitoring.models import Outlet
from pressdesk.notifications.actions import notify
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import in_scope, province_of

Status = BroadcastRequest.Status
Event = BroadcastEvent.Kind

# The fields a person writes on the request form.
REQUEST_FIELDS = (
    "outlet", "programme", "kind", "topic", "questions", "starts_at", "duration_minutes", "place", "guest",
    "requester_name", "requester_phone", "requester_email", "needs_external",
)  # fmt: skip

DEFAULT_BRIEFING = (
    "Program: {programme} ({outlet})\n"
    "Tarih ve saat: {date}\n"
    "Konu: {topic}\n\n"
    "Ana mesajlar:\n- …\n\n"
    "Müdürlüğümüzün güncel rakamları:\n- …\n\n"
    "Yapılacaklar:\n- Programdan önce soruları Basın ve İletişim Birimi ile gözden geçirin.\n\n"
    "Yapılmayacaklar:\n- Hasta bilgisi ve kişisel veri paylaşmayın.\n"
)


# --- who may do what --------------------------------------------------------------


def is_worker(user: User) -> bool:
    """The press unit and its line of command, and administrators, run requests."""
    return user.is_active and (user.is_unit_member or user.is_admin)


def can_enter(user: User) -> bool:
    """The unit enters a channel's request."""
    return user.is_active and user.is_unit_member and user.organization_id is not None


def can_apply(user: User) -> bool:
    """Any member of staff with an institution applies to take part in a programme."""
    return user.is_active and user.organization_id is not None and not user.is_admin


def can_work_on(user: User, request: BroadcastRequest) -> bool:
    return is_worker(user) and in_scope(user, request.organization)


def _require_worker(user: User, request: BroadcastRequest) -> None:
    if not can_work_on(user, request):
        raise PermissionDenied(_("Only the press unit of the guest's province can do this."))


def flow_of(request: BroadcastRequest) -> ApprovalFlow | None:
    return approvals.flow_for(request)


def _locked(request: BroadcastRequest) -> BroadcastRequest:
    return (
        # of=("self",): PostgreSQL cannot lock the nullable side of the joins (outlet, guest).
        BroadcastRequest.objects.select_for_update(of=("self",))
        .select_related("outlet", "guest__organization", "organization")
        .get(pk=request.pk)
    )


def _event(request: BroadcastRequest, kind: str, actor: User | None, text: str = "") -> BroadcastEvent:
    return BroadcastEvent.objects.create(request=request, kind=kind, actor=actor, text=text)


def _sync(request: BroadcastRequest, flow: ApprovalFlow | None) -> None:
    """Catch up with a chain completed on the approvals page (e.g. the last external approval)."""
    if request.status == Status.IN_APPROVAL and flow is not None and flow.status == ApprovalFlow.Status.APPROVED:
        request.status = Status.APPROVED
        request.save(update_fields=["status", "updated_at"])
        _event(request, Event.APPROVED, None)


@transaction.atomic
def catch_up_with_approval(*, request: BroadcastRequest) -> BroadcastRequest:
    """Record the approval of a chain decided on the approvals page (İşlerim, the last external answer)."""
    request = _locked(request)
    _sync(request, flow_of(request))
    return request


# --- validation -------------------------------------------------------------------


def _validate(request: BroadcastRequest, other_guests: list[User], *, check_past: bool = True) -> None:
    errors: dict[str, str] = {}
    if check_past and request.starts_at is not None and request.starts_at <= timezone.now():
        errors["starts_at"] = _("The programme's date and time have passed. Enter a date in the future.")
    guests = [request.guest, *other_guests] if request.guest_id else other_guests
    for guest in guests:
        if guest.organization_id is None:
            key = "guest" if guest.pk == request.guest_id else "other_guests"
            errors[key] = _("%(name)s belongs to no institution; set their institution first.") % {"name": guest}
    if not request.duration_minutes:
        errors["duration_minutes"] = _("Enter how many minutes the programme lasts.")
    if not errors and request.starts_at is not None:
        clash = _overlap(request, guests)
        if clash is not None:
            other, guest = clash
            errors["starts_at"] = _(
                "%(guest)s is already on %(outlet)s “%(programme)s” at %(time)s; the times overlap."
            ) % {
                "guest": guest,
                "outlet": other.outlet,
                "programme": other.programme,
                "time": format_datetime(other.starts_at),
            }
    if errors:
        raise ValidationError(errors)


def _overlap(request: BroadcastRequest, guests: list[User]) -> tuple[BroadcastRequest, User] | None:
    """Another live appearance of one of ``guests`` that overlaps this one."""
    start, end = request.starts_at, request.ends_at
    ids = [guest.pk for guest in guests]
    others = (
        BroadcastRequest.objects.exclude(pk=request.pk)
        .exclude(status__in=[Status.REFUSED, Status.WITHDRAWN])
        .filter(starts_at__lt=end, starts_at__gt=start - datetime.timedelta(hours=24))
        .filter(models_q_guests(ids))
        .select_related("outlet", "guest")
        .prefetch_related("other_guests")
        .distinct()
    )
    for other in others:
        if other.ends_at <= start:
            continue
        people = {other.guest_id, *(user.pk for user in other.other_guests.all())}
        for guest in guests:
            if guest.pk in people:
                return other, guest
    return None


def models_q_guests(ids: list[int]) -> Any:
    from django.db.models import Q

    return Q(guest__in=ids) | Q(other_guests__in=ids)


# --- recording ----------------------------------------------------------------------


def _outlet(outlet: Outlet | None, new_outlet: str, new_outlet_kind: str) -> Outlet:
    if outlet is not None:
        return outlet
    name = " ".join(new_outlet.split())
    if not name:
        raise ValidationError({"outlet": _("Choose the channel or station, or type the name of a new one.")})
    existing = Outlet.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    kind = new_outlet_kind if new_outlet_kind in (Outlet.Kind.TV, Outlet.Kind.RADIO) else Outlet.Kind.TV
    return Outlet.objects.create(name=name[:200], kind=kind)


@transaction.atomic
def create_request(
    *,
    actor: User,
    origin: str = BroadcastRequest.Origin.CHANNEL,
    other_guests: list[User] | None = None,
    new_outlet: str = "",
    new_outlet_kind: str = "",
    **fields: Any,
) -> BroadcastRequest:
    """Record a channel's request (the unit) or a staff member's own application (the guest)."""
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"Not a request field: {', '.join(sorted(unknown))}")
    other_guests = list(other_guests or [])
    if origin == BroadcastRequest.Origin.APPLICATION:
        if not can_apply(actor):
            raise PermissionDenied(_("Only a member of staff with an institution can apply."))
        fields["guest"] = actor
    elif not can_enter(actor):
        raise PermissionDenied(_("Only the press unit records a channel's request."))
    fields["outlet"] = _outlet(fields.get("outlet"), new_outlet, new_outlet_kind)
    guest: User | None = fields.get("guest")
    if guest is None:
        raise ValidationError({"guest": _("Choose the proposed guest.")})
    request = BroadcastRequest(created_by=actor, origin=origin, **fields)
    request.organization = guest.organization  # type: ignore[assignment]
    _validate(request, other_guests)
    assert guest.organization is not None
    if origin == BroadcastRequest.Origin.CHANNEL and not in_scope(actor, guest.organization):
        raise ValidationError({"guest": _("The guest must work in your province.")})
    request.save()
    request.other_guests.set(other_guests)
    _event(request, Event.RECEIVED, actor, request.get_origin_display())
    if origin == BroadcastRequest.Origin.APPLICATION:
        _notify_unit(request, _("A staff member applied to take part in a programme"))
    return request


def can_edit(user: User, request: BroadcastRequest) -> bool:
    if request.status in BroadcastRequest.CLOSED or request.status == Status.IN_APPROVAL:
        return False
    if can_work_on(user, request):
        return True
    return user.pk == request.created_by_id and request.status == Status.RECEIVED


@transaction.atomic
def update_request(
    *,
    actor: User,
    request: BroadcastRequest,
    other_guests: list[User] | None = None,
    new_outlet: str = "",
    new_outlet_kind: str = "",
    **fields: Any,
) -> BroadcastRequest:
    """Change a request. An approved one goes back to its chain: what changed is approved again."""
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"Not a request field: {', '.join(sorted(unknown))}")
    request = _locked(request)
    flow = flow_of(request)
    _sync(request, flow)
    if request.status == Status.IN_APPROVAL:
        raise ValidationError(_("The request is in its approval chain; it can be changed once it is decided."))
    if request.status in BroadcastRequest.CLOSED:
        raise ValidationError(
            _("A request that is “%(status)s” cannot be changed.") % {"status": request.get_status_display()}
        )
    if not can_edit(actor, request):
        raise PermissionDenied
    if request.origin == BroadcastRequest.Origin.APPLICATION and not can_work_on(actor, request):
        fields["guest"] = request.guest
    if "outlet" in fields or new_outlet:
        fields["outlet"] = _outlet(fields.get("outlet"), new_outlet, new_outlet_kind)
    before = content_hash(request.approval_content())
    old_start = request.starts_at
    for name, value in fields.items():
        setattr(request, name, value)
    request.organization = request.guest.organization  # type: ignore[assignment]
    guests = list(other_guests) if other_guests is not None else list(request.other_guests.all())
    _validate(request, guests, check_past=request.starts_at != old_start)
    request.save()
    request.other_guests.set(guests)
    _event(request, Event.EDITED, actor)
    if content_hash(request.approval_content()) != before and flow is not None:
        flow.refresh_from_db()
        if flow.status == ApprovalFlow.Status.APPROVED:
            approvals.reopen(actor=actor if actor.is_unit_member or actor.is_admin else request.created_by, flow=flow)
        if request.status in (Status.APPROVED, Status.PERMIT_SENT):
            request.status = Status.CHECKED
            request.reminded_day_at = request.reminded_hour_at = None
            request.save()
            _event(request, Event.REAPPROVAL, actor)
    return request


@transaction.atomic
def check_request(*, actor: User, request: BroadcastRequest, comment: str = "") -> BroadcastRequest:
    """The unit checked the request (3.4.1): complete, worth putting to the director."""
    request = _locked(request)
    _require_worker(actor, request)
    if request.status != Status.RECEIVED:
        raise ValidationError(_("Only a request just received can be marked as checked."))
    request.status = Status.CHECKED
    request.save(update_fields=["status", "updated_at"])
    _event(request, Event.CHECKED, actor, comment)
    return request


# The line of command in rank order: a guest is asked only of those above them.
LINE_OF_COMMAND = (Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR)


def roles_at_or_below(guest: User) -> tuple[str, ...]:
    """The chain roles that are not the guest's superiors: a Başkan goes straight to the
    director; the director as guest signs alone (the chain's last step is always kept)."""
    if guest.role not in LINE_OF_COMMAND:
        return ()
    rank = LINE_OF_COMMAND.index(guest.role)  # type: ignore[arg-type]
    return tuple(str(role) for role in LINE_OF_COMMAND[: rank + 1])


@transaction.atomic
def submit_request(*, actor: User, request: BroadcastRequest) -> ApprovalFlow:
    """Put the request to the guest's line of command (3.4.2): unit head → Başkan/chief physician → director."""
    request = _locked(request)
    _require_worker(actor, request)
    flow = flow_of(request)
    returned = request.status == Status.IN_APPROVAL and flow is not None and flow.is_editable
    if request.status != Status.CHECKED and not returned:
        raise ValidationError(_("Check the request before putting it to the chain of command."))
    if request.starts_at <= timezone.now():
        raise ValidationError(_("The programme's date and time have passed. Enter a date in the future."))
    flow = approvals.submit(
        actor=request.created_by,
        target=request,
        needs_external=request.needs_external,
        chain=request.organization,
        skip_roles=roles_at_or_below(request.guest),
    )
    request.status = Status.IN_APPROVAL
    request.decision_comment = ""
    request.save(update_fields=["status", "decision_comment", "updated_at"])
    _event(request, Event.SUBMITTED, actor, str(request.organization))
    return flow


class Decision:
    APPROVE = "approve"
    REFUSE = "refuse"
    PROPOSE = "propose"


@transaction.atomic
def decide(
    *,
    actor: User,
    request: BroadcastRequest,
    decision: str,
    seen_hash: str,
    comment: str = "",
    proposed_guest: User | None = None,
    ip_address: str | None = None,
) -> BroadcastRequest:
    """The current step of the guest's line decides: approve (initial/sign), refuse, or propose another spokesperson."""
    request = _locked(request)
    flow = flow_of(request)
    if request.status != Status.IN_APPROVAL or flow is None:
        raise ValidationError(_("This request is not waiting for a decision."))
    if decision == Decision.APPROVE:
        approvals.decide(
            actor=actor, flow_id=flow.pk, approve=True, seen_hash=seen_hash, comment=comment, ip_address=ip_address
        )
        flow.refresh_from_db()
        _event(request, Event.APPROVED if flow.status == ApprovalFlow.Status.APPROVED else Event.STEP, actor, comment)
        if flow.status == ApprovalFlow.Status.APPROVED:
            request.status = Status.APPROVED
            request.save(update_fields=["status", "updated_at"])
            _notify_people(request, _("The TV/radio appearance was approved"))
        return request
    if not comment.strip():
        raise ValidationError({"comment": _("Write why the request is refused or another spokesperson proposed.")})
    if decision == Decision.PROPOSE:
        if proposed_guest is None:
            raise ValidationError({"proposed_guest": _("Choose the spokesperson you propose.")})
        if proposed_guest.organization is None:
            raise ValidationError(
                {
                    "proposed_guest": _("%(name)s belongs to no institution; set their institution first.")
                    % {"name": proposed_guest}
                }
            )
        if not in_scope(actor, proposed_guest.organization) and not in_scope(
            request.created_by, proposed_guest.organization
        ):
            raise ValidationError({"proposed_guest": _("The spokesperson must work in the guest's province.")})
    approvals.decide(
        actor=actor, flow_id=flow.pk, approve=False, seen_hash=seen_hash, comment=comment, ip_address=ip_address
    )
    request.decision_comment = comment
    if decision == Decision.PROPOSE:
        assert proposed_guest is not None
        request.proposed_guest = request.guest
        request.guest = proposed_guest
        request.organization = proposed_guest.organization  # type: ignore[assignment]
        request.status = Status.CHECKED
        request.save()
        _event(request, Event.PROPOSED, actor, f"{proposed_guest}: {comment}")
        _notify_unit(request, _("Another spokesperson was proposed for a programme"))
    else:
        request.status = Status.REFUSED
        request.save()
        _event(request, Event.REFUSED, actor, comment)
        _notify_people(request, _("The TV/radio appearance was refused"))
    return request


@transaction.atomic
def withdraw(*, actor: User, request: BroadcastRequest, comment: str = "") -> BroadcastRequest:
    """The channel or the applicant withdrew: the chain stops, no permit letter can follow."""
    request = _locked(request)
    if not (can_work_on(actor, request) or actor.pk == request.created_by_id):
        raise PermissionDenied
    if request.status in BroadcastRequest.CLOSED:
        raise ValidationError(_("This request is already closed."))
    flow = flow_of(request)
    if flow is not None and flow.status in (ApprovalFlow.Status.IN_REVIEW, ApprovalFlow.Status.EXTERNAL):
        author = User.objects.get(pk=flow.author_id)
        approvals.withdraw(actor=author, flow=flow)
    request.status = Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    _event(request, Event.WITHDRAWN, actor, comment)
    return request


# --- the permit letter (3.4.3, 3.4.4) ----------------------------------------------


_APPROVABLE = (Status.APPROVED, Status.IN_APPROVAL)  # in approval: completed on the approvals page


def permit_problem(request: BroadcastRequest, flow: ApprovalFlow | None) -> str:
    """Why no permit letter can be drafted now ('' when it can)."""
    if request.status in (Status.REFUSED, Status.WITHDRAWN):
        return _("A refused or withdrawn request produces no permit letter.")
    if request.permit_letter_id is not None:
        return _("This request already has a permit letter.")
    if flow is None or flow.status != ApprovalFlow.Status.APPROVED or request.status not in _APPROVABLE:
        return _("The permit letter is written once the chain of command has approved the request.")
    if flow.content_hash != content_hash(request.approval_content()):
        return _("The request changed after it was approved; put it to the chain of command again.")
    return ""


def addressee_of(institution: Organization) -> str:
    """The guest's institution in the dative, in capitals (``… BAŞHEKİMLİĞİNE``)."""
    office = institution.name.strip()
    if institution.kind == OrganizationKind.HOSPITAL and not turkish.lower(office).endswith("başhekimliği"):
        office = f"{office} Başhekimliği"
    return turkish.upper(turkish.dative(office))


def permit_body(request: BroadcastRequest) -> str:
    when = local(request.starts_at)
    guests = ", ".join(str(user) for user in [request.guest, *request.other_guests.all()])
    if request.kind == BroadcastRequest.Kind.FILMING:
        return (
            f"{request.outlet} tarafından {when:%d.%m.%Y} tarihinde saat {when:%H.%M}'de "
            f"{request.place or request.organization.name} bünyesinde “{request.programme}” için "
            f"“{request.topic}” konulu çekim yapılması Müdürlüğümüzce uygun görülmüştür. "
            "Çekimin hasta mahremiyeti ve hizmet akışı gözetilerek yapılması hususunda gereğini rica ederim."
        )
    return (
        f"{request.outlet} kanalında {when:%d.%m.%Y} tarihinde saat {when:%H.%M}'de yayınlanacak "
        f"“{request.programme}” programına “{request.topic}” konusunda kurumunuz personeli {guests} "
        "katılımı Müdürlüğümüzce uygun görülmüştür. Bilgilerinizi ve gereğini rica ederim."
    )


@transaction.atomic
def draft_permit_letter(*, actor: User, request: BroadcastRequest) -> Letter:
    """The uygunluk yazısı as a documents ``Letter``, to the guest's institution; it has its own signing chain."""
    request = _locked(request)
    _require_worker(actor, request)
    flow = flow_of(request)
    _sync(request, flow)
    problem = permit_problem(request, flow)
    if problem:
        raise ValidationError(problem)
    defaults = documents.letter_defaults_for(actor, kind=Letter.Kind.TV_INTERVIEW)
    fields = {name: value for name, value in defaults.items() if name in documents.LETTER_FIELDS}
    filming = request.kind == BroadcastRequest.Kind.FILMING
    fields.update(
        subject="Çekim izni" if filming else "Televizyon/radyo programına katılım",
        addressee=addressee_of(request.organization),
        body=permit_body(request),
        closing=Letter.Closing.RICA,
        file_plan_code=fields.get("file_plan_code") or "010.06.02",
    )
    if not fields.get("detsis_no"):
        fields["detsis_no"] = "00000000"
    letter = documents.create_letter(actor=actor, **fields)
    request.permit_letter = letter
    request.save(update_fields=["permit_letter", "updated_at"])
    _event(request, Event.LETTER, actor, letter.subject)
    return letter


@transaction.atomic
def mark_permit_sent(*, actor: User, request: BroadcastRequest) -> BroadcastRequest:
    """The signed permit letter went to the guest's institution (3.4.4): its EBYS number is on record."""
    request = _locked(request)
    _require_worker(actor, request)
    letter = request.permit_letter
    if request.status != Status.APPROVED or letter is None:
        raise ValidationError(_("Draft the permit letter of an approved request first."))
    if not letter.ebys_number:
        raise ValidationError(_("Record the permit letter's EBYS number first (on the letter's page)."))
    request.status = Status.PERMIT_SENT
    request.permit_sent_at = timezone.now()
    request.save(update_fields=["status", "permit_sent_at", "updated_at"])
    _event(request, Event.PERMIT_SENT, actor, letter.ebys_number)
    _notify_people(request, _("The permit letter for your TV/radio appearance was sent"))
    return request


# --- the broadcast (1.2.4) ------------------------------------------------------------


def announcement_text(request: BroadcastRequest) -> tuple[str, str]:
    when = local(request.starts_at)
    today = timezone.localdate()
    day = "bu akşam" if when.date() == today and when.hour >= 17 else f"{when:%d.%m.%Y} tarihinde saat {when:%H.%M}'de"
    guest = request.guest
    who = "Müdürümüz" if guest.role == "director" else f"{guest.title or ''} {guest}".strip()
    title = f"{who} {request.outlet} “{request.programme}” programına konuk olacak"[:200]
    spot = (
        f"{who} {day} {request.outlet} ekranlarında yayınlanacak “{request.programme}” programına konuk olacak; "
        f"“{request.topic}” konusunu anlatacak."
    )
    return title, spot[:600]


@transaction.atomic
def announce(*, actor: User, request: BroadcastRequest) -> Any:
    """One click: a news story draft in publishing announcing the appearance."""
    from pressdesk.publishing import actions as publishing

    request = _locked(request)
    _require_worker(actor, request)
    if request.status not in BroadcastRequest.SCHEDULED:
        raise ValidationError(_("Only an approved appearance is announced."))
    if request.announcement_id is not None:
        raise ValidationError(_("The announcement draft already exists."))
    title, spot = announcement_text(request)
    story = publishing.create_story(
        actor=actor, organization=request.organization, title=title, spot=spot, body_html=f"<p>{spot}</p>"
    )
    request.announcement = story
    request.save(update_fields=["announcement", "updated_at"])
    _event(request, Event.ANNOUNCED, actor, title)
    return story


@transaction.atomic
def record_aired(
    *,
    actor: User,
    request: BroadcastRequest,
    aired_url: str = "",
    aired_minutes: int | None = None,
    evaluation: str = "",
    recording: UploadedFile | None = None,
) -> BroadcastRequest:
    """Afterwards: it aired, the link or a recording, the duration and a short evaluation.

    The programme goes into the monitoring archive as an item of its outlet
    (monitoring's own hand-entry action), so it is searched, matched and counted
    like every clip.
    """
    request = _locked(request)
    _require_worker(actor, request)
    if request.status != Status.PERMIT_SENT:
        raise ValidationError(_("Only an appearance whose permit letter was sent can be recorded as aired."))
    if request.starts_at > timezone.now():
        raise ValidationError(_("The programme has not started yet."))
    if recording is not None:
        validate_recording(recording)
    request.status = Status.AIRED
    request.aired_url, request.aired_minutes, request.evaluation = aired_url, aired_minutes, evaluation
    request.aired_recorded_at = timezone.now()
    request.save()
    _event(request, Event.AIRED, actor, aired_url)
    if recording is not None:
        _store_recording(request, recording, actor)
    _archive(request, actor)
    return request


def _store_recording(request: BroadcastRequest, upload: UploadedFile, actor: User) -> None:
    name = (upload.name or "kayit").rsplit("/", 1)[-1][:200]
    old = request.recording.name if request.recording else ""
    request.recording.save(name, upload, save=False)
    request.recording_name = name
    request.save(update_fields=["recording", "recording_name", "updated_at"])
    if old and old != request.recording.name:
        transaction.on_commit(lambda: request.recording.storage.delete(old))
    _event(request, Event.RECORDING, actor, name)


def _archive(request: BroadcastRequest, actor: User) -> None:
    """The aired programme as a media item of its outlet in the monitoring archive (once)."""
    if request.archive_item_id is not None:
        return
    guests = ", ".join(str(person) for person in [request.guest, *request.other_guests.all()])
    text = "\n\n".join(part for part in (request.topic, guests, request.evaluation) if part)
    item = monitoring.add_clip_by_hand(
        actor=actor,
        outlet=request.outlet,
        title=f"{request.programme} — {request.guest}",
        published_at=request.starts_at,
        text=text,
        url=request.aired_url,
    )
    request.archive_item = item
    request.save(update_fields=["archive_item", "updated_at"])
    _event(request, Event.ARCHIVED, actor, item.title)


@transaction.atomic
def upload_recording(*, actor: User, request: BroadcastRequest, recording: UploadedFile) -> BroadcastRequest:
    """Add or replace the recording of a programme that aired."""
    request = _locked(request)
    _require_worker(actor, request)
    if request.status != Status.AIRED:
        raise ValidationError(_("A recording can be added only once the programme has aired."))
    validate_recording(recording)
    _store_recording(request, recording, actor)
    return request


# --- briefing pack and reminders ---------------------------------------------------------


def briefing_for(request: BroadcastRequest) -> str:
    """The province's briefing pack filled in for this appearance."""
    province = province_of(request.organization)
    template = BriefingTemplate.objects.filter(province=province).first() if province else None
    text = template.text if template else DEFAULT_BRIEFING
    values = {
        "{programme}": request.programme,
        "{outlet}": str(request.outlet),
        "{date}": format_datetime(request.starts_at),
        "{topic}": request.topic,
        "{guest}": str(request.guest),
        "{place}": request.place,
    }
    for key, value in values.items():
        text = text.replace(key, value)
    return text


@transaction.atomic
def save_briefing(*, actor: User, text: str) -> BriefingTemplate:
    if not actor.is_active or not actor.is_unit_member:
        raise PermissionDenied
    province = province_of(actor.organization)
    if province is None:
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write the briefing pack.")})
    template, _created = BriefingTemplate.objects.update_or_create(
        province=province, defaults={"text": text, "updated_by": actor}
    )
    return template


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Remind the guests of approved appearances the day before and an hour before (each once)."""
    now = now or timezone.now()
    sent = 0
    due = BroadcastRequest.objects.filter(status__in=BroadcastRequest.SCHEDULED, starts_at__gt=now)
    day = due.filter(reminded_day_at__isnull=True, starts_at__lte=now + datetime.timedelta(days=1))
    hour = due.filter(reminded_hour_at__isnull=True, starts_at__lte=now + datetime.timedelta(hours=1))
    for field, ids in (
        ("reminded_hour_at", list(hour.values_list("pk", flat=True))),
        ("reminded_day_at", list(day.values_list("pk", flat=True))),
    ):
        for pk in ids:
            with transaction.atomic():
                request = (
                    BroadcastRequest.objects.select_for_update(of=("self",))
                    .select_related("outlet", "guest")
                    .filter(pk=pk, **{f"{field}__isnull": True})
                    .first()
                )
                if request is None:
                    continue
                request.reminded_hour_at = request.reminded_hour_at or (now if field == "reminded_hour_at" else None)
                request.reminded_day_at = request.reminded_day_at or now
                request.save(update_fields=["reminded_day_at", "reminded_hour_at"])
                _event(request, Event.REMINDED, None, format_datetime(now))
                notify(
                    recipients=[request.guest, *request.other_guests.all()],
                    kind="broadcast_reminder",
                    title=_("Reminder: %(programme)s on %(outlet)s at %(time)s")
                    % {
                        "programme": request.programme,
                        "outlet": request.outlet,
                        "time": format_datetime(request.starts_at),
                    },
                    url=request.get_absolute_url(),
                )
                sent += 1
    return sent


# --- notifications ---------------------------------------------------------------------


def _notify_people(request: BroadcastRequest, title: str) -> None:
    people = {request.guest, *request.other_guests.all(), request.created_by}
    notify(recipients=people, kind="broadcast_decided", title=f"{title}: {request}", url=request.get_absolute_url())


def _notify_unit(request: BroadcastRequest, title: str) -> None:
    province = province_of(request.organization)
    if province is None:
        return
    unit = User.objects.filter(
        is_active=True,
        role="staff",
        organization__path__startswith=province.path,
        organization__kind=OrganizationKind.UNIT,
    )
    notify(recipients=list(unit), kind="broadcast_request", title=f"{title}: {request}", url=request.get_absolute_url())


def notify_unit_of_public_request(public: Any) -> None:
    """A request confirmed through the public form reached the province's unit."""
    unit = User.objects.filter(
        is_active=True,
        role="staff",
        organization__path__startswith=public.province.path,
        organization__kind=OrganizationKind.UNIT,
    )
    notify(
        recipients=list(unit),
        kind="broadcast_request",
        title=_("A channel's request arrived through the public form: %(name)s") % {"name": public},
        url=reverse("broadcast:list"),
    )
