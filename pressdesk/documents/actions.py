"""State changes of official letters: write, edit, record the EBYS signature.

Submitting a letter into its paraf/imza chain is ``approvals.actions.submit``;
editing is refused while the chain is running.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.approvals.actions import flow_for
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.documents.models import Letter
from pressdesk.documents.rendering.layout import ROLE_TITLES
from pressdesk.lib import turkish
from pressdesk.lib.files import validate_document_upload
from pressdesk.organizations.models import Organization, OrganizationKind, Process
from pressdesk.organizations.queries import in_scope

if TYPE_CHECKING:
    from collections.abc import Iterable

# The fields a person writes; everything else is set by the actions.
LETTER_FIELDS = (
    "kind", "process", "header_institution", "header_unit", "channel", "detsis_no", "file_plan_code", "record_no",
    "date", "urgency", "subject", "addressee", "addressee_unit", "references", "body", "closing", "signer",
    "signer_title", "signing_mode", "delegated_by", "attachments", "distribution_action", "distribution_info",
    "contact_address", "contact_phone", "contact_email", "contact_kep", "contact_web", "info_person", "info_title",
)  # fmt: skip

UNIT_TITLE = "İl Sağlık Müdürlüğü"
DIRECTOR_TITLE = "İl Sağlık Müdürü"
GOVERNORSHIP_SUFFIX = "Valiliği"

# A starting point per kind of letter: the usual process, subject, closing and body.
KIND_DEFAULTS: dict[str, dict[str, str]] = {
    Letter.Kind.INFO_NOTE_REQUEST: {
        "process": "3.2",
        "subject": "Bilgi notu talebi",
        "closing": Letter.Closing.RICA,
        "body": (
            "…/…/…… tarihinde … yayın organında yer alan “…” başlıklı haber ile ilgili olarak "
            "konuya ilişkin bilgi notunun 5 (beş) iş günü içinde Müdürlüğümüze gönderilmesini rica ederim."
        ),
    },
    Letter.Kind.TV_INTERVIEW: {
        "process": "3.4",
        "subject": "Televizyon/radyo programına katılım",
        "closing": Letter.Closing.ARZ,
        "addressee": "VALİLİK MAKAMINA",
        "body": (
            "… kanalında …/…/…… tarihinde yayınlanacak “…” programına Müdürlüğümüz personeli … "
            "katılımı hususunu olurlarınıza arz ederim."
        ),
    },
    Letter.Kind.MEETING_NOTICE: {"process": "3.15", "subject": "Toplantı", "closing": Letter.Closing.RICA},
    # 3.15.6: the meeting secretariat communicates the decisions by letter.
    Letter.Kind.DECISION_NOTICE: {"process": "3.15", "subject": "", "closing": Letter.Closing.RICA},
    Letter.Kind.PRESS_INVITATION: {"process": "3.8", "subject": "Basın daveti", "closing": Letter.Closing.RICA},
    Letter.Kind.OTHER: {},
}


# --- who may do what --------------------------------------------------------------


def can_create(user: User) -> bool:
    """The press unit and its line of command (and administrators) write official letters."""
    return user.is_active and (user.is_unit_member or user.is_admin)


def can_manage(user: User, letter: Letter) -> bool:
    """The author, a unit member whose scope covers the letter, or an administrator."""
    if not user.is_active:
        return False
    if user.pk == letter.created_by_id or user.is_admin:
        return True
    return user.is_unit_member and in_scope(user, letter.organization)


def is_editable(letter: Letter, flow: ApprovalFlow | None = None) -> bool:
    flow = flow if flow is not None else flow_for(letter)
    return flow is None or flow.is_editable


# --- defaults for a new letter ---------------------------------------------------


def provincial_directorate(organization: Organization | None) -> Organization | None:
    if organization is None:
        return None
    if organization.kind == OrganizationKind.PROVINCIAL_DIRECTORATE:
        return organization
    return organization.ancestors().filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE).last()


def province_name(directorate: Organization) -> str:
    """``Kocaeli`` from the directorate's province field, else from its name."""
    if directorate.province.strip():
        return directorate.province.strip()
    name = directorate.name
    folded = turkish.casefold(name)
    marker = turkish.casefold(" İl Sağlık Müdürlüğü")
    return name[: folded.index(marker)].strip() if marker in folded else name.split(" ")[0]


def institution_line(directorate: Organization) -> str:
    """``KOCAELİ VALİLİĞİ``: the governorship of the directorate's province, in Turkish capitals."""
    province = province_name(directorate)
    wanted = turkish.casefold(province)
    for governorship in Organization.objects.filter(kind=OrganizationKind.GOVERNORSHIP, is_active=True):
        if turkish.casefold(governorship.name).startswith(wanted) or turkish.casefold(governorship.province) == wanted:
            return turkish.upper(governorship.name)
    return turkish.upper(f"{province} {GOVERNORSHIP_SUFFIX}")


def _lineage(organization: Organization | None) -> list[Organization]:
    """The organization and its ancestors, nearest first."""
    if organization is None:
        return []
    return [organization, *reversed(list(organization.ancestors()))]


def letter_defaults_for(user: User, process: Process | None = None, kind: str = "") -> dict[str, Any]:
    """Initial values of a new letter written by ``user``.

    Header from the province (``T.C.`` / ``KOCAELİ VALİLİĞİ`` / ``İl Sağlık
    Müdürlüğü``), DETSİS number and contact block from the sender
    organization (or the nearest ancestor that has them), the province's
    director as signer, the author as the person to ask for information.
    """
    kind = kind if kind in Letter.Kind.values else Letter.Kind.OTHER
    preset = KIND_DEFAULTS.get(kind, {})
    if process is None and preset.get("process"):
        process = Process.objects.filter(code=preset["process"]).first()
    organization = user.organization
    lineage = _lineage(organization)
    directorate = provincial_directorate(organization)
    contact_org = next((org for org in lineage if org.address or org.phone or org.email or org.website), None)
    signer = None
    if directorate is not None:
        signer = (
            User.objects.filter(role=Role.DIRECTOR, is_active=True, organization__path__startswith=directorate.path)
            .order_by("organization__depth", "pk")
            .first()
        )
    defaults: dict[str, Any] = {
        "kind": kind,
        "process": process,
        "header_institution": institution_line(directorate) if directorate else "",
        "header_unit": UNIT_TITLE,
        "channel": Letter.Channel.ELECTRONIC,
        "detsis_no": next((org.detsis_no for org in lineage if org.detsis_no), ""),
        "date": timezone.localdate(),
        "subject": preset.get("subject", ""),
        "addressee": preset.get("addressee", ""),
        "body": preset.get("body", ""),
        "closing": preset.get("closing", Letter.Closing.ARZ),
        "signer": signer,
        "signer_title": DIRECTOR_TITLE,
        "contact_address": " ".join(contact_org.address.split()) if contact_org else "",
        "contact_phone": contact_org.phone if contact_org else "",
        "contact_email": contact_org.email if contact_org else "",
        "contact_web": contact_org.website if contact_org else "",
        "info_person": user.get_full_name() or user.username,
        "info_title": user.title or ROLE_TITLES.get(user.role, ""),
    }
    return defaults


# --- writing ----------------------------------------------------------------------


def _check_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - set(LETTER_FIELDS)
    if unknown:
        raise TypeError(f"Not a letter field: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_letter(*, actor: User, organization: Organization | None = None, **fields: Any) -> Letter:
    """A new draft letter sent by ``organization`` (default: the author's organization)."""
    if not can_create(actor):
        raise PermissionDenied(_("Only the press unit and its line of command write official letters."))
    _check_fields(fields)
    organization = organization or actor.organization
    if organization is None:
        raise ValidationError(_("You belong to no organization, so the letter has no sender."))
    if not in_scope(actor, organization):
        raise PermissionDenied(_("You cannot write letters in the name of this organization."))
    letter = Letter(created_by=actor, organization=organization, **fields)
    letter.full_clean()
    letter.save()
    return letter


@transaction.atomic
def update_letter(*, actor: User, letter: Letter, **fields: Any) -> Letter:
    """Change a draft; refused while the letter is in its approval chain or after approval."""
    _check_fields(fields)
    letter = Letter.objects.select_for_update().select_related("organization").get(pk=letter.pk)
    if not can_manage(actor, letter):
        raise PermissionDenied(_("Only the author or the press unit can change this letter."))
    flow = flow_for(letter)
    if flow is not None:
        flow = ApprovalFlow.objects.select_for_update().get(pk=flow.pk)
    if not is_editable(letter, flow):
        raise ValidationError(
            _(
                "This letter cannot be changed now: it is “%(status)s”. "
                "A letter can be changed only before it is submitted or after it is returned."
            )
            % {"status": flow.get_status_display() if flow else ""}
        )
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.full_clean()
    letter.save()
    return letter


# --- after signing in EBYS ---------------------------------------------------------


def validate_signed_pdf(upload: UploadedFile) -> None:
    """The signed letter must be a real PDF: ``.pdf`` name and ``%PDF`` content."""
    name = upload.name or ""
    if PurePath(name).suffix.lower() != ".pdf":
        raise ValidationError(_("“%(name)s” is not a PDF file. Upload the signed PDF from EBYS.") % {"name": name})
    validate_document_upload(upload)
    head = upload.read(5)
    upload.seek(0)
    if not head.startswith(b"%PDF"):
        raise ValidationError(_("“%(name)s” is not a PDF file. Upload the signed PDF from EBYS.") % {"name": name})


def record_number_from(ebys_number: str) -> str:
    """The record number at the end of an EBYS number (``E-12345678-010.06.02-4521`` → ``4521``)."""
    return ebys_number.strip().rsplit("-", 1)[-1].strip()[:30]


@transaction.atomic
def record_ebys(
    *, actor: User, letter: Letter, ebys_number: str, ebys_date: datetime.date, signed_pdf: UploadedFile
) -> Letter:
    """Record the number, date and signed PDF the letter got in EBYS (after internal approval)."""
    letter = Letter.objects.select_for_update().select_related("organization").get(pk=letter.pk)
    if not can_manage(actor, letter):
        raise PermissionDenied(_("Only the author or the press unit can record the EBYS signature."))
    flow = flow_for(letter)
    if flow is None or flow.status != ApprovalFlow.Status.APPROVED:
        raise ValidationError(_("The EBYS number can be recorded only after the letter is fully approved."))
    ebys_number = ebys_number.strip()
    if not ebys_number:
        raise ValidationError({"ebys_number": _("Enter the number EBYS gave the letter.")})
    if ebys_date is None:
        raise ValidationError({"ebys_date": _("Enter the date EBYS gave the letter.")})
    validate_signed_pdf(signed_pdf)
    letter.ebys_number = ebys_number
    letter.ebys_date = ebys_date
    if not letter.record_no:
        letter.record_no = record_number_from(ebys_number)
    signed_pdf.name = f"letter-{letter.pk}-signed.pdf"
    letter.signed_pdf = signed_pdf  # type: ignore[assignment]
    letter.ebys_recorded_by = actor
    letter.ebys_recorded_at = timezone.now()
    letter.save()
    return letter
