"""The press conference agenda (3.9.2) and its documents (3.9.3): items, attachments, approval.

The agenda is approvable on its own (process 3.9, ``Agenda.approval_content``): the items, the
SHA-256 of each document and the event's interview slots (journalist, questions, spokesperson)
are what the chain approves. While it is in the chain nothing changes;
a change after approval reopens the approved flow, so the agenda must be approved again.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pressdesk.events import queries
from pressdesk.events.models import Agenda, AgendaDocument, AgendaItem, Event, Kind

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.approvals.models import ApprovalFlow

#: Kinds of event that have an agenda.
AGENDA_KINDS = (Kind.PRESS_CONFERENCE, Kind.INTERVIEW)
#: Accepted attachments: extension -> the magic numbers its content must start with.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def agendas_visible_to(user: User) -> QuerySet[Agenda]:
    return Agenda.objects.filter(event__in=queries.events_visible_to(user))


def get_item_for_user(user: User, pk: int) -> AgendaItem:
    try:
        return AgendaItem.objects.select_related("agenda__event").get(
            pk=pk, agenda__event__in=queries.events_visible_to(user)
        )
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


def get_document_for_user(user: User, pk: int) -> AgendaDocument:
    try:
        return AgendaDocument.objects.select_related("agenda__event").get(
            pk=pk, agenda__event__in=queries.events_visible_to(user)
        )
    except AgendaDocument.DoesNotExist as exc:
        raise Http404 from exc


def agenda_of(event: Event) -> tuple[Agenda | None, list[AgendaItem], list[AgendaDocument]]:
    """The event's agenda with its items and documents, in three queries however many."""
    agenda = Agenda.objects.filter(event=event).first()
    if agenda is None:
        return None, [], []
    return agenda, list(agenda.items.order_by("position", "pk")), list(agenda.documents.order_by("uploaded_at", "pk"))


def flow_of(agenda: Agenda | None) -> ApprovalFlow | None:
    from pressdesk.approvals import actions as approvals

    return approvals.flow_for(agenda) if agenda is not None else None


def is_approved(agenda: Agenda | None) -> bool:
    """Approved, and the agenda is still the very content the chain approved."""
    from pressdesk.approvals.models import ApprovalFlow
    from pressdesk.approvals.registry import content_hash

    flow = flow_of(agenda)
    return (
        agenda is not None
        and flow is not None
        and flow.status == ApprovalFlow.Status.APPROVED
        and flow.content_hash == content_hash(agenda.approval_content())
    )


def _check_manage(actor: User, event: Event) -> None:
    if not queries.can_manage(actor, event):
        raise PermissionDenied(_("Only the press unit can change this event."))
    if event.kind not in AGENDA_KINDS:
        raise ValidationError(_("Only a press conference or an interview has an agenda."))


def _open_for_change(actor: User, event: Event) -> Agenda:
    """The event's agenda, locked and ready to change: refused while in the chain, reopened
    (to be approved again) once approved."""
    from pressdesk.approvals import actions as approvals
    from pressdesk.approvals.models import ApprovalFlow

    _check_manage(actor, event)
    agenda, _created = Agenda.objects.get_or_create(
        event=event, defaults={"organization": event.organization, "created_by": event.created_by}
    )
    agenda = Agenda.objects.select_for_update().select_related("event").get(pk=agenda.pk)
    flow = approvals.flow_for(agenda)
    if flow is None or flow.is_editable:
        return agenda
    if flow.status == ApprovalFlow.Status.APPROVED:
        approvals.reopen(actor=actor, flow=flow, comment=_("The agenda was changed after approval."))
        return agenda
    raise ValidationError(_("The agenda is in the approval chain: it changes only when it is returned."))


def slots_changing(*, actor: User, event: Event) -> None:
    """Called before an interview or press-conference slot of the event is added, changed or
    removed: the slots are part of the agenda's approved content, so the change is refused while
    the agenda is in the chain and reopens an approved agenda (to be approved again)."""
    from pressdesk.approvals import actions as approvals
    from pressdesk.approvals.models import ApprovalFlow

    agenda = Agenda.objects.select_for_update().filter(event=event).first()
    flow = approvals.flow_for(agenda) if agenda is not None else None
    if flow is None or flow.is_editable:
        return
    if flow.status == ApprovalFlow.Status.APPROVED:
        approvals.reopen(
            actor=actor, flow=flow, comment=_("An interview or press conference was changed after approval.")
        )
        return
    raise ValidationError(
        _("The agenda with its interviews is in the approval chain: they change only when it is returned.")
    )


@transaction.atomic
def add_item(*, actor: User, event: Event, topic: str, speaker: str = "", minutes: int = 5) -> AgendaItem:
    agenda = _open_for_change(actor, event)
    last = agenda.items.order_by("-position").values_list("position", flat=True).first() or 0
    return agenda.items.create(position=last + 1, topic=topic.strip(), speaker=speaker.strip(), minutes=minutes)


@transaction.atomic
def move_item(*, actor: User, item: AgendaItem, up: bool) -> bool:
    """Swap the item with the one before (``up``) or after it; False when it is already first or last.

    The order is part of the agenda's approved content: an approved agenda is reopened, one in
    the chain refuses, as for any other change.
    """
    agenda = _open_for_change(actor, item.agenda.event)
    items = list(agenda.items.order_by("position", "pk"))
    index = next((number for number, each in enumerate(items) if each.pk == item.pk), None)
    if index is None:
        return False
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):  # renumbered: equal or missing positions are mended too
        each.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    return True


@transaction.atomic
def remove_item(*, actor: User, item: AgendaItem) -> None:
    _open_for_change(actor, item.agenda.event)
    AgendaItem.objects.filter(pk=item.pk).delete()


def _check_document(upload: UploadedFile) -> None:
    """The project's upload check (size, no program whatever its name), then PDF, DOCX or an image
    whose content matches its extension."""
    from pressdesk.lib.files import validate_document_upload

    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("“%(name)s” cannot be attached to the agenda: only PDF, DOCX, JPEG and PNG files are accepted.")
            % {"name": name}
        )
    validate_document_upload(upload)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(DOCUMENT_TYPES[extension]):
        raise ValidationError(_("The content of “%(name)s” does not match its type.") % {"name": name})


@transaction.atomic
def add_document(*, actor: User, event: Event, upload: UploadedFile) -> AgendaDocument:
    _check_document(upload)
    agenda = _open_for_change(actor, event)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(upload.name or "belge").name[:200]
    return agenda.documents.create(name=name, file=upload, sha256=digest.hexdigest(), uploaded_by=actor)


@transaction.atomic
def remove_document(*, actor: User, document: AgendaDocument) -> None:
    _open_for_change(actor, document.agenda.event)
    AgendaDocument.objects.filter(pk=document.pk).delete()
    transaction.on_commit(lambda: document.file.delete(save=False))


@transaction.atomic
def submit(*, actor: User, event: Event) -> ApprovalFlow:
    """Put the agenda to the approval chain of process 3.9 (Onaya gönder)."""
    from pressdesk.approvals import actions as approvals

    _check_manage(actor, event)
    agenda = Agenda.objects.filter(event=event).select_related("event").first()
    if agenda is None or not agenda.items.exists():
        raise ValidationError(_("Add at least one agenda item first."))
    if actor.pk != agenda.created_by_id:
        raise PermissionDenied(_("Only the event's organiser puts the agenda to approval."))
    return approvals.submit(actor=actor, target=agenda)
