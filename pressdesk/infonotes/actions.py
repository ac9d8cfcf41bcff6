"""Every change of an information-note case (processes 3.2 and 1.4).

    OPEN ─request letter approved and sent (EBYS)→ WAITING_INSTITUTION ─note received→ WAITING_APPROVAL
      │                                                                                 │ (director approves
      └─note received by EBYS/e-mail──────────────────────────────────────────────────→│  via approvals)
                                                                   SENT ←─e-mailed (approved version only)
    any state ─close→ CLOSED

Each function checks permission, locks the case row, writes a ``CaseEvent``
and schedules e-mails with ``transaction.on_commit``.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.approvals import actions as approvals
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.approvals.registry import content_hash
from pressdesk.documents import actions as documents
from pressdesk.documents.models import Letter
from pressdesk.infonotes import queries
from pressdesk.infonotes.models import ASKABLE_KINDS, Case, CaseEvent, CaseFile, Dispatch, DispatchRecipient, InfoNote
from pressdesk.lib import turkish
from pressdesk.lib.files import validate_document_upload
from pressdesk.notifications.actions import notify
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import in_scope
from pressdesk.outbox.actions import enqueue
from pressdesk.workdays.business_days import add_business_days, business_days_between

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile

    from pressdesk.monitoring.models import Story

Kind = CaseEvent.Kind
NUMBER_WORDS = {
    1: "bir",
    2: "iki",
    3: "üç",
    4: "dört",
    5: "beş",
    6: "altı",
    7: "yedi",
    8: "sekiz",
    9: "dokuz",
    10: "on",
}


# --- who may do what ------------------------------------------------------------------


def can_open(user: User) -> bool:
    return bool(user.is_active and (user.is_unit_member or user.is_admin) and user.organization_id)


def works_on(user: User, case: Case) -> bool:
    """The unit's roles of the case's province, and administrators."""
    if not user.is_active:
        return False
    return user.is_admin or (user.is_unit_member and in_scope(user, case.organization))


def is_institution_officer(user: User, case: Case) -> bool:
    """The press officer of the institution the request is addressed to."""
    return bool(
        user.is_active
        and user.role == Role.AFFILIATE_PRESS
        and case.institution_id is not None
        and user.organization_id == case.institution_id
    )


def _require_worker(user: User, case: Case) -> None:
    if not works_on(user, case):
        raise PermissionDenied(_("Only the press unit can do this on an information-note case."))


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("organization", "institution").get(pk=case.pk)


def _event(case: Case, kind: str, actor: User | None = None, text: str = "") -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, actor_name=str(actor) if actor else "", text=text
    )


def _province_people(case: Case, roles: Iterable[str]) -> list[User]:
    directorate = documents.provincial_directorate(case.organization) or case.organization
    return list(
        User.objects.filter(role__in=list(roles), is_active=True, organization__path__startswith=directorate.path)
    )


def institution_officers(case: Case) -> list[User]:
    """Who is told of a request: the institution's press officers; for a presidency, also its head (Başkan)."""
    if case.institution_id is None:
        return []
    return list(
        User.objects.filter(
            role__in=[Role.AFFILIATE_PRESS, Role.CHIEF], is_active=True, organization_id=case.institution_id
        )
    )


def _check_institution(actor: User, institution: Organization) -> None:
    if not in_scope(actor, institution):
        raise PermissionDenied
    if institution.kind not in ASKABLE_KINDS:
        raise ValidationError(
            _(
                "An information note can be asked only of a hospital, a district health directorate, "
                "112 or a presidency."
            )
        )


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _add_files(case: Case, uploads: Iterable[UploadedFile], purpose: str, actor: User) -> list[CaseFile]:
    """Store uploads after checking each (type by name and content, size); all or none."""
    uploads = list(uploads)
    errors: list[str] = []
    for upload in uploads:
        try:
            validate_document_upload(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return [
        CaseFile.objects.create(
            case=case,
            purpose=purpose,
            file=upload,
            original_name=(upload.name or "file")[:255],
            size=upload.size or 0,
            sha256=_sha256(upload),
            uploaded_by=actor,
        )
        for upload in uploads
    ]


# --- opening ------------------------------------------------------------------------


def _inform_director(case: Case, actor: User) -> None:
    """1.4.2: the director learns that the case exists, with the story."""
    directors = _province_people(case, [Role.DIRECTOR])
    if not directors:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Information note case opened: %(title)s") % {"title": case.title}
        body = case.summary
    notify(recipients=directors, kind="infonote_opened", title=title, body=body, url=case.get_absolute_url())
    _event(case, Kind.DIRECTOR_INFORMED, actor, ", ".join(str(d) for d in directors))


def story_reference(story: Story, user: User) -> str:
    """``22.11.2026 tarihinde Kocaeli Gazetesi yayın organında yer alan “…” başlıklı haber.`` (İlgi line).

    Taken from the first of the story's items that ``user`` sees: a story can hold another province's items.
    """
    first = queries.story_items_for(user, story).select_related("outlet").first()
    when = timezone.localtime(first.published_at if first and first.published_at else story.first_seen_at)
    outlet = first.outlet.name if first else ""
    return f"{when:%d.%m.%Y} tarihinde {outlet} yayın organında yer alan “{story.title}” başlıklı haber.".replace(
        "  ", " "
    )


@transaction.atomic
def open_from_story(*, actor: User, story: Story) -> tuple[Case, bool]:
    """Open a case on a monitored story; a story with an open case gets that case back (no duplicate)."""
    if not can_open(actor):
        raise PermissionDenied(_("Only the press unit opens information-note cases."))
    first = queries.story_items_for(actor, story).first()
    if first is None:  # not a story of the actor's province
        raise PermissionDenied
    existing = queries.open_case_for_story(actor, story)
    if existing is not None:
        return existing, False
    summary = story_reference(story, actor) + (f"\n{first.url}" if first.url else "")
    assert actor.organization is not None
    case = Case.objects.create(
        title=story.title[:255],
        origin=Case.Origin.STORY,
        story=story,
        institution=queries.story_institution(actor, story),
        organization=actor.organization,
        summary=summary,
        created_by=actor,
    )
    _event(case, Kind.OPENED, actor, story.title)
    _inform_director(case, actor)
    return case, True


@transaction.atomic
def open_from_ministry(
    *,
    actor: User,
    title: str,
    summary: str,
    ministry_reference: str,
    ministry_requested_at: datetime.date | None,
    ministry_deadline: datetime.date | None,
    institution: Organization | None = None,
    uploads: Iterable[UploadedFile] = (),
) -> Case:
    """A request of the Ministry (1.4.1), entered with their e-mail or letter attached."""
    if not can_open(actor):
        raise PermissionDenied(_("Only the press unit opens information-note cases."))
    if institution is not None:
        _check_institution(actor, institution)
    assert actor.organization is not None
    case = Case.objects.create(
        title=title.strip()[:255],
        origin=Case.Origin.MINISTRY,
        organization=actor.organization,
        institution=institution,
        summary=summary.strip(),
        ministry_reference=ministry_reference.strip(),
        ministry_requested_at=ministry_requested_at,
        ministry_deadline=ministry_deadline,
        created_by=actor,
    )
    _add_files(case, uploads, CaseFile.Purpose.MINISTRY_REQUEST, actor)
    _event(case, Kind.OPENED, actor, ministry_reference)
    _inform_director(case, actor)
    return case


# --- the request letter ------------------------------------------------------------------


def default_references(case: Case, user: User | None = None) -> list[str]:
    """The İlgi lines of the request letter; the story as ``user`` (by default the case's author) sees it."""
    refs = []
    reader = user or case.created_by
    if case.story is not None and reader is not None:
        refs.append(story_reference(case.story, reader))
    if case.origin == Case.Origin.MINISTRY or case.ministry_reference:
        ref = case.ministry_reference or case.title
        refs.append(f"Sağlık Bakanlığının {ref} sayılı talebi.")
    return refs


def default_body(case: Case, days: int) -> str:
    word = NUMBER_WORDS.get(days)
    span = f"{days} ({word}) iş günü" if word else f"{days} iş günü"
    subject = "İlgi haberde" if case.story is not None else "İlgi talepte"
    return (
        f"{subject} yer alan hususlarla ilgili olarak kurumunuzca hazırlanacak bilgi notunun, "
        f"ekleriyle birlikte {span} içinde Basın Masası sistemi üzerinden veya resmî yazıyla "
        "Müdürlüğümüze gönderilmesini rica ederim."
    )


def letter_defaults(actor: User, case: Case) -> dict[str, Any]:
    """Initial values of the request letter: the letter generator's, İlgi from the case."""
    defaults = documents.letter_defaults_for(actor, kind=Letter.Kind.INFO_NOTE_REQUEST)
    previous = (
        Letter.objects.filter(kind=Letter.Kind.INFO_NOTE_REQUEST, organization=case.organization)
        .exclude(file_plan_code="")
        .order_by("-created_at")
        .first()
    )
    if previous is not None:
        defaults["file_plan_code"] = previous.file_plan_code
        defaults["detsis_no"] = defaults["detsis_no"] or previous.detsis_no
    defaults["references"] = default_references(case, actor)
    defaults["body"] = default_body(case, case.deadline_days)
    if case.institution is not None:
        defaults["addressee"] = addressee_of(case.institution)
    return defaults


def addressee_of(institution: Organization) -> str:
    """The letter's muhatap: the institution's office in the dative, in capitals (``… BAŞHEKİMLİĞİNE``)."""
    office = institution.name.strip()
    if institution.kind == OrganizationKind.HOSPITAL and not turkish.lower(office).endswith("başhekimliği"):
        office = f"{office} Başhekimliği"
    return turkish.upper(turkish.dative(office))


@transaction.atomic
def draft_request_letter(
    *, actor: User, case: Case, institution: Organization, deadline_days: int, **letter_fields: Any
) -> Letter:
    """Write the request letter through the official-letter generator (a draft in ``documents``)."""
    case = _locked(case)
    _require_worker(actor, case)
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("The request letter can be written only while the case is open."))
    if case.request_letter_id is not None:
        raise ValidationError(_("This case already has a request letter; change it on the letter's page."))
    _check_institution(actor, institution)
    defaults = documents.letter_defaults_for(actor, kind=Letter.Kind.INFO_NOTE_REQUEST)
    fields = {name: value for name, value in defaults.items() if name in documents.LETTER_FIELDS}
    fields.update(letter_fields)
    letter = documents.create_letter(actor=actor, **fields)
    case.request_letter = letter
    case.institution = institution
    case.deadline_days = deadline_days
    case.save()
    _event(case, Kind.LETTER_DRAFTED, actor, letter.subject)
    return letter


def letter_flow(case: Case) -> ApprovalFlow | None:
    return approvals.flow_for(case.request_letter) if case.request_letter is not None else None


@transaction.atomic
def send_request(
    *,
    actor: User,
    case: Case,
    ebys_number: str = "",
    ebys_date: datetime.date | None = None,
    signed_pdf: UploadedFile | None = None,
) -> Case:
    """The approved letter was signed and sent in EBYS: record its number; the institution's deadline starts."""
    case = _locked(case)
    _require_worker(actor, case)
    if case.status != Case.Status.OPEN or case.request_letter is None:
        raise ValidationError(_("Write the request letter first."))
    flow = letter_flow(case)
    if flow is None or flow.status != ApprovalFlow.Status.APPROVED:
        raise ValidationError(_("The request letter can be sent only after it is approved."))
    letter = case.request_letter
    if not letter.ebys_number or signed_pdf is not None:
        if signed_pdf is None or ebys_date is None or not ebys_number.strip():
            raise ValidationError(_("Enter the EBYS number and date and upload the signed PDF."))
        letter = documents.record_ebys(
            actor=actor, letter=letter, ebys_number=ebys_number, ebys_date=ebys_date, signed_pdf=signed_pdf
        )
    now = timezone.now()
    case.request_sent_at = now
    case.deadline = add_business_days(timezone.localdate(now), case.deadline_days)
    case.status = Case.Status.WAITING_INSTITUTION
    case.save()
    _event(case, Kind.REQUEST_SENT, actor, letter.ebys_number)
    officers = institution_officers(case)
    if officers:
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Information note requested: %(title)s") % {"title": case.title}
            body = _("Please answer by %(date)s.") % {"date": case.deadline.strftime("%d.%m.%Y")}
        notify(recipients=officers, kind="infonote_requested", title=title, body=body, url=case.get_absolute_url())
    return case


# --- the note -----------------------------------------------------------------------------


@transaction.atomic
def answer(
    *,
    actor: User,
    case: Case,
    title: str,
    body: str,
    uploads: Iterable[UploadedFile] = (),
    via: str = InfoNote.Via.SYSTEM,
) -> InfoNote:
    """The institution answers in the system, or the unit records a note received by EBYS or e-mail."""
    case = _locked(case)
    officer = is_institution_officer(actor, case)
    if not officer and not works_on(actor, case):
        raise PermissionDenied(_("Only the institution asked, or the press unit, can answer this request."))
    if hasattr(case, "note"):
        raise ValidationError(_("This request has already been answered."))
    allowed = (Case.Status.WAITING_INSTITUTION,) if officer else (Case.Status.OPEN, Case.Status.WAITING_INSTITUTION)
    if case.status not in allowed:
        raise ValidationError(_("This case is not waiting for an information note."))
    if officer:
        via = InfoNote.Via.SYSTEM
    elif via not in (InfoNote.Via.EBYS, InfoNote.Via.EMAIL):
        raise ValidationError({"via": _("Say how the note was received.")})
    if not body.strip():
        raise ValidationError({"body": _("Write the information note.")})
    _add_files(case, uploads, CaseFile.Purpose.NOTE, actor)
    note = InfoNote.objects.create(
        case=case,
        organization=case.organization,
        title=title.strip()[:255] or case.title,
        body=body.strip(),
        via=via,
        answered_by=actor,
        created_by=case.created_by,
    )
    now = timezone.now()
    case.answered_at = now
    case.status = Case.Status.WAITING_APPROVAL
    case.save()
    _event(case, Kind.ANSWERED, actor, note.get_via_display())
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Information note received: %(title)s") % {"title": case.title}
    notify(recipients=[case.created_by], kind="infonote_answered", title=message, url=case.get_absolute_url())
    return note


def note_flow(case: Case) -> ApprovalFlow | None:
    note = getattr(case, "note", None)
    return approvals.flow_for(note) if note is not None else None


@transaction.atomic
def edit_note(
    *,
    actor: User,
    case: Case,
    title: str,
    body: str,
    uploads: Iterable[UploadedFile] = (),
    remove: Iterable[int] = (),
) -> InfoNote:
    """The unit corrects the note before (re)submitting it; each submission is a tracked version."""
    case = _locked(case)
    _require_worker(actor, case)
    note = InfoNote.objects.select_for_update().get(case=case)
    flow = approvals.flow_for(note)
    if flow is not None and not flow.is_editable:
        raise ValidationError(
            _("The note cannot be changed while it is “%(status)s”.") % {"status": flow.get_status_display()}
        )
    if case.status != Case.Status.WAITING_APPROVAL:
        raise ValidationError(_("The note can be changed only while it waits for approval."))
    if not body.strip():
        raise ValidationError({"body": _("Write the information note.")})
    note.title, note.body, note.updated_by = title.strip()[:255] or note.title, body.strip(), actor
    note.save()
    added = _add_files(case, uploads, CaseFile.Purpose.NOTE, actor)
    removed = CaseFile.objects.filter(
        case=case, purpose=CaseFile.Purpose.NOTE, pk__in=list(remove), removed_at__isnull=True
    ).update(removed_at=timezone.now())
    text = ", ".join(f.original_name for f in added)
    _event(case, Kind.NOTE_EDITED, actor, text if not removed else f"{text} (−{removed})".strip())
    return note


@transaction.atomic
def submit_note(*, actor: User, case: Case) -> ApprovalFlow:
    """1.4.4: put the note to the director (through the unit's paraf/imza chain)."""
    case = _locked(case)
    _require_worker(actor, case)
    if case.status != Case.Status.WAITING_APPROVAL:
        raise ValidationError(_("Only a received note waiting for approval can be submitted."))
    note = InfoNote.objects.select_for_update().get(case=case)
    flow = approvals.flow_for(note)
    if flow is None and note.created_by_id != actor.pk:
        note.created_by = actor  # whoever first submits is the note's author in the approval chain
        note.save(update_fields=["created_by", "updated_at"])
    elif flow is not None and flow.author_id != actor.pk:
        raise ValidationError(
            _("Only %(name)s, who first submitted this note, can submit it again.") % {"name": flow.author}
        )
    flow = approvals.submit(actor=actor, target=note)
    _event(case, Kind.NOTE_SUBMITTED, actor, _("version %(number)s") % {"number": flow.version})
    return flow


@transaction.atomic
def reopen_note(*, actor: User, case: Case, reason: str) -> InfoNote:
    """Open an approved (possibly already sent) note for a new version; what was sent stays as it was."""
    case = _locked(case)
    _require_worker(actor, case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed."))
    note = InfoNote.objects.get(case=case)
    flow = approvals.flow_for(note)
    if flow is None or flow.status != ApprovalFlow.Status.APPROVED:
        raise ValidationError(_("Only an approved note can be opened for a new version."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the note must change.")})
    approvals.reopen(actor=actor, flow=flow, comment=reason)
    case.status = Case.Status.WAITING_APPROVAL
    case.save(update_fields=["status", "updated_at"])
    _event(case, Kind.NOTE_REOPENED, actor, reason.strip())
    return note


# --- sending to the Ministry, the General Directorate, the Governorship ----------------------


@dataclass(frozen=True)
class Target:
    kind: str
    email: str
    organization: Organization | None = None


def approved_content(case: Case) -> tuple[ApprovalFlow, dict[str, Any]]:
    """The approved version of the note, exactly as the director approved it; refuses anything else."""
    note = getattr(case, "note", None)
    flow = approvals.flow_for(note) if note is not None else None
    if note is None or flow is None or flow.status != ApprovalFlow.Status.APPROVED:
        raise ValidationError(_("Nothing can be sent before the director approves the note."))
    if content_hash(note.approval_content()) != flow.content_hash:
        raise ValidationError(_("The note changed after it was approved; submit it for approval again."))
    version = flow.versions.get(number=flow.version)
    return flow, version.content


@transaction.atomic
def send_note(*, actor: User, case: Case, targets: Iterable[Target]) -> Dispatch:
    """E-mail the approved note with its attachments, one task per recipient (1.4.5, 3.2.3).

    The dispatch keeps a frozen copy of the approved version. Sending the same
    version to an address again does nothing twice.
    """
    case = _locked(case)
    _require_worker(actor, case)
    if case.status not in (Case.Status.WAITING_APPROVAL, Case.Status.SENT):
        raise ValidationError(_("This case has no approved note to send."))
    flow, content = approved_content(case)
    targets = [t for t in targets if t.email.strip()]
    if not targets:
        raise ValidationError(_("Choose at least one recipient."))
    dispatch = Dispatch.objects.filter(case=case, content_hash=flow.content_hash).first()
    if dispatch is None:
        dispatch = Dispatch.objects.create(
            case=case,
            version=flow.version,
            content=content,
            content_hash=flow.content_hash,
            file_ids=[item["id"] for item in content.get("attachments", [])],
            sent_by=actor,
        )
    already = {
        r.email.casefold()
        for r in DispatchRecipient.objects.filter(dispatch__case=case, dispatch__content_hash=flow.content_hash)
    }
    created = []
    for target in targets:
        if target.email.strip().casefold() in already:
            continue
        already.add(target.email.strip().casefold())
        created.append(
            DispatchRecipient.objects.create(
                dispatch=dispatch, kind=target.kind, organization=target.organization, email=target.email.strip()
            )
        )
    if not created:
        return dispatch
    now = timezone.now()
    case.status = Case.Status.SENT
    case.sent_at = case.sent_at or now
    case.save()
    _event(
        case,
        Kind.NOTE_SENT,
        actor,
        _("version %(number)s to %(emails)s") % {"number": flow.version, "emails": ", ".join(r.email for r in created)},
    )
    for recipient in created:
        _enqueue_mail(recipient.pk)
    return dispatch


def _enqueue_mail(recipient_id: int) -> None:
    from pressdesk.infonotes.tasks import send_note_email

    enqueue(send_note_email, recipient_id)


def build_message(recipient: DispatchRecipient) -> EmailMessage:
    dispatch = recipient.dispatch
    content = dispatch.content
    case = dispatch.case
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Information note: %(title)s") % {"title": content.get("title", "")}
        intro = _("The information note approved by the Provincial Health Director is below; its attachments follow.")
        about = _("Institution: %(institution)s") % {"institution": content.get("institution") or "-"}
    body = f"{intro}\n\n{content.get('title', '')}\n{about}\n\n{content.get('body', '')}\n"
    message = EmailMessage(subject=subject, body=body, to=[recipient.email])
    files = {f.pk: f for f in CaseFile.objects.filter(case=case, pk__in=dispatch.file_ids)}
    for file_id in dispatch.file_ids:
        stored = files.get(file_id)
        if stored is None:
            continue
        with stored.file.open("rb") as handle:
            message.attach(stored.original_name, handle.read())
    return message


def deliver(recipient_id: int) -> bool:
    """Send one recipient's e-mail unless it was already sent. Raises when the mail server refuses."""
    with transaction.atomic():
        recipient = (
            DispatchRecipient.objects.select_for_update(of=("self",))
            .select_related("dispatch__case")
            .filter(pk=recipient_id)
            .first()
        )
        if recipient is None or recipient.status == DispatchRecipient.Status.SENT:
            return False
        recipient.attempts += 1
        recipient.save(update_fields=["attempts"])
    message = build_message(recipient)
    message.send(fail_silently=False)
    with transaction.atomic():
        DispatchRecipient.objects.filter(pk=recipient_id).update(
            status=DispatchRecipient.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        _event(recipient.dispatch.case, Kind.MAIL_DELIVERED, None, recipient.email)
    return True


@transaction.atomic
def record_failure(*, recipient_id: int, error: str, final: bool) -> None:
    """Remember why sending failed; after the last retry the case shows it as failed and its owner is told."""
    recipient = (
        DispatchRecipient.objects.select_for_update(of=("self",))
        .select_related("dispatch__case")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None or recipient.status == DispatchRecipient.Status.SENT:
        return
    recipient.last_error = error[:1000]
    if final:
        recipient.status = DispatchRecipient.Status.FAILED
    recipient.save(update_fields=["last_error", "status"])
    if final:
        case = recipient.dispatch.case
        _event(case, Kind.MAIL_FAILED, None, f"{recipient.email}: {error[:300]}")
        with translation.override(settings.LANGUAGE_CODE):
            title = _("The information note could not be e-mailed to %(email)s") % {"email": recipient.email}
        notify(recipients=[case.created_by], kind="infonote_send_failed", title=title, url=case.get_absolute_url())


@transaction.atomic
def retry_recipient(*, actor: User, recipient: DispatchRecipient) -> DispatchRecipient:
    recipient = (
        DispatchRecipient.objects.select_for_update(of=("self",)).select_related("dispatch__case").get(pk=recipient.pk)
    )
    _require_worker(actor, recipient.dispatch.case)
    if recipient.status != DispatchRecipient.Status.FAILED:
        raise ValidationError(_("Only a failed e-mail can be sent again."))
    recipient.status, recipient.attempts = DispatchRecipient.Status.PENDING, 0
    recipient.save(update_fields=["status", "attempts"])
    _enqueue_mail(recipient.pk)
    return recipient


@transaction.atomic
def record_reply(
    *, actor: User, recipient: DispatchRecipient, reply_text: str, reply_at: datetime.date
) -> DispatchRecipient:
    recipient = (
        DispatchRecipient.objects.select_for_update(of=("self",)).select_related("dispatch__case").get(pk=recipient.pk)
    )
    _require_worker(actor, recipient.dispatch.case)
    if not reply_text.strip():
        raise ValidationError({"reply_text": _("Write the reply.")})
    recipient.reply_text, recipient.reply_at, recipient.reply_recorded_by = reply_text.strip(), reply_at, actor
    recipient.save(update_fields=["reply_text", "reply_at", "reply_recorded_by"])
    _event(recipient.dispatch.case, Kind.REPLY, actor, f"{recipient.email}: {reply_text.strip()[:300]}")
    return recipient


@transaction.atomic
def close_case(*, actor: User, case: Case, comment: str = "") -> Case:
    case = _locked(case)
    _require_worker(actor, case)
    if case.status == Case.Status.CLOSED:
        return case
    case.status, case.closed_at, case.closed_by = Case.Status.CLOSED, timezone.now(), actor
    case.save()
    _event(case, Kind.CLOSED, actor, comment.strip())
    return case


# --- deadlines ----------------------------------------------------------------------------


def _remind_ministry_deadlines(today: datetime.date) -> int:
    """Remind the unit's staff once, a business day before the Ministry's deadline, of a case not yet sent."""
    reminded = 0
    unsent = [Case.Status.OPEN, Case.Status.WAITING_INSTITUTION, Case.Status.WAITING_APPROVAL]
    soon = Case.objects.filter(
        status__in=unsent,
        ministry_reminded_on__isnull=True,
        ministry_deadline__gte=today,
        ministry_deadline__lte=today + datetime.timedelta(7),
    )
    for case_id in soon.values_list("pk", flat=True):
        with transaction.atomic():
            case = (
                Case.objects.select_for_update()
                .select_related("organization")
                .filter(pk=case_id, status__in=unsent, ministry_reminded_on__isnull=True)
                .first()
            )
            if case is None or case.ministry_deadline is None:
                continue
            if business_days_between(today, case.ministry_deadline) > 1:
                continue
            case.ministry_reminded_on = today
            case.save(update_fields=["ministry_reminded_on", "updated_at"])
            due = case.ministry_deadline.strftime("%d.%m.%Y")
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Reminder: the Ministry expects the information note “%(title)s” by %(date)s") % {
                    "title": case.title,
                    "date": due,
                }
            notify(
                recipients=[*_province_people(case, [Role.STAFF, Role.UNIT_HEAD]), case.created_by],
                kind="infonote_due",
                title=title,
                url=case.get_absolute_url(),
            )
            _event(case, Kind.REMINDED, None, due)
            reminded += 1
    return reminded


def process_deadlines(today: datetime.date | None = None) -> tuple[int, int]:
    """Remind the institution a business day before its deadline (once); escalate overdue cases once a day.

    Returns (reminded, escalated). Safe to run as often as the scheduler likes.
    """
    today = today or timezone.localdate()
    reminded = escalated = 0
    waiting = Case.objects.filter(status=Case.Status.WAITING_INSTITUTION, deadline__isnull=False)
    soon = waiting.filter(reminded_on__isnull=True, deadline__gte=today, deadline__lte=today + datetime.timedelta(7))
    for case_id in soon.values_list("pk", flat=True):
        with transaction.atomic():
            case = Case.objects.select_for_update().filter(pk=case_id, reminded_on__isnull=True).first()
            if case is None or case.deadline is None or business_days_between(today, case.deadline) > 1:
                continue
            case.reminded_on = today
            case.save(update_fields=["reminded_on", "updated_at"])
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Reminder: the information note “%(title)s” is due on %(date)s") % {
                    "title": case.title,
                    "date": case.deadline.strftime("%d.%m.%Y"),
                }
            notify(
                recipients=[*institution_officers(case), case.created_by],
                kind="infonote_due",
                title=title,
                url=case.get_absolute_url(),
            )
            _event(case, Kind.REMINDED, None, case.deadline.strftime("%d.%m.%Y"))
            reminded += 1
    reminded += _remind_ministry_deadlines(today)
    overdue = Case.objects.filter(
        Q(status=Case.Status.WAITING_INSTITUTION, deadline__lt=today)
        | Q(
            status__in=[Case.Status.OPEN, Case.Status.WAITING_INSTITUTION, Case.Status.WAITING_APPROVAL],
            ministry_deadline__lt=today,
        )
    ).filter(Q(escalated_on__isnull=True) | Q(escalated_on__lt=today))
    for case_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            case = (
                Case.objects.select_for_update()
                .select_related("organization")
                .filter(Q(escalated_on__isnull=True) | Q(escalated_on__lt=today), pk=case_id)
                .first()
            )
            if case is None:
                continue
            case.escalated_on = today
            case.save(update_fields=["escalated_on", "updated_at"])
            due = case.deadline if case.status == Case.Status.WAITING_INSTITUTION and case.deadline else None
            due = due or case.ministry_deadline
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Overdue information note: %(title)s (due %(date)s)") % {
                    "title": case.title,
                    "date": due.strftime("%d.%m.%Y") if due else "-",
                }
            recipients = [*_province_people(case, [Role.UNIT_HEAD, Role.DIRECTOR]), case.created_by]
            if case.status == Case.Status.WAITING_INSTITUTION:
                recipients += institution_officers(case)
            notify(recipients=recipients, kind="infonote_overdue", title=title, url=case.get_absolute_url())
            _event(case, Kind.ESCALATED, None, due.strftime("%d.%m.%Y") if due else "")
            escalated += 1
    return reminded, escalated
