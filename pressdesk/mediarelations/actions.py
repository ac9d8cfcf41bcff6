"""Every change of media relations' records: contacts, lists, the relations log, KVKK requests."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.lib import turkish
from pressdesk.mediarelations import importing, queries
from pressdesk.mediarelations.models import Interaction, MediaContact, MediaList, Tag
from pressdesk.organizations.models import Organization

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "mediarelations.unsubscribe"
CONTACT_FIELDS = (
    "name",
    "outlet",
    "role",
    "beat",
    "mobile",
    "phone",
    "email",
    "social",
    "preferred_format",
    "language",
    "notes",
    "is_key",
    "lawful_basis",
    "data_source",
    "shared",
)


def _check_use(actor: User) -> Organization:
    province = queries.province_of_user(actor)
    if not queries.can_use(actor) or province is None:
        raise PermissionDenied
    return province


def _keeper(actor: User) -> Organization:
    """The institution that keeps what ``actor`` creates: their own (the unit, or a hospital)."""
    if actor.organization is None:
        raise PermissionDenied
    return actor.organization


def _check_editable(actor: User, contact: MediaContact) -> Organization:
    province = _check_use(actor)
    if not queries.contacts_editable_by(actor).filter(pk=contact.pk).exists():
        raise PermissionDenied
    if contact.is_erased:
        raise ValidationError(_("This contact was erased on request; it can no longer be changed."))
    return province


def _tags(province: Organization, names: Iterable[str]) -> list[Tag]:
    tags = []
    existing = {turkish.casefold(t.name): t for t in Tag.objects.filter(province=province)}
    for name in names:
        name = " ".join(name.split())[:80]
        if not name:
            continue
        tag = existing.get(turkish.casefold(name))
        if tag is None:
            tag = Tag.objects.create(province=province, name=name)
            existing[turkish.casefold(name)] = tag
        if tag not in tags:
            tags.append(tag)
    return tags


@transaction.atomic
def create_contact(*, actor: User, tags: Iterable[str] = (), **fields: Any) -> MediaContact:
    province = _check_use(actor)
    if fields.get("shared") and not actor.is_unit_member:
        fields["shared"] = False
    contact = MediaContact(province=province, organization=_keeper(actor), created_by=actor)
    for name in CONTACT_FIELDS:
        if name in fields:
            setattr(contact, name, fields[name])
    contact.full_clean()
    contact.save()
    contact.tags.set(_tags(province, tags))
    return contact


@transaction.atomic
def update_contact(
    *, actor: User, contact: MediaContact, tags: Iterable[str] | None = None, **fields: Any
) -> MediaContact:
    province = _check_editable(actor, contact)
    if "shared" in fields and not actor.is_unit_member:
        fields.pop("shared")
    for name in CONTACT_FIELDS:
        if name in fields:
            setattr(contact, name, fields[name])
    contact.full_clean()
    contact.save()
    if tags is not None:
        contact.tags.set(_tags(province, tags))
    return contact


@transaction.atomic
def import_contacts(*, actor: User, upload: UploadedFile) -> importing.ImportReport:
    """Add or update every row of a contact list, or none: a file with a bad row changes nothing."""
    province = _check_use(actor)
    report = importing.check_import(upload)
    if not report.ok:
        return report
    editable = queries.contacts_editable_by(actor).filter(erased_at__isnull=True)
    by_email = {turkish.casefold(c.email): c for c in editable.exclude(email="")}
    by_mobile = {c.mobile: c for c in editable.exclude(mobile="")}
    added = updated = 0
    for row in report.rows:
        contact = by_email.get(turkish.casefold(row.email)) if row.email else None
        contact = contact or (by_mobile.get(row.mobile) if row.mobile else None)
        if contact is None:
            contact = MediaContact(
                province=province,
                organization=_keeper(actor),
                created_by=actor,
                lawful_basis=MediaContact.LawfulBasis.LEGITIMATE,
            )
            added += 1
        else:
            updated += 1
        contact.name = row.name
        contact.role = row.role
        for name in ("beat", "mobile", "phone", "email", "social"):
            value = getattr(row, name)
            if value:
                setattr(contact, name, value)
        if row.outlet_id:
            contact.outlet_id = row.outlet_id
        contact.data_source = (
            row.source or contact.data_source or _("Imported from %(file)s") % {"file": (upload.name or "")[:150]}
        )
        contact.save()
        if row.tags:
            contact.tags.add(*_tags(province, row.tags))
    log.info("Media contacts: %d added, %d updated in %s", added, updated, province.code)
    return report


@transaction.atomic
def create_list(*, actor: User, name: str, contacts: Iterable[MediaContact] = ()) -> MediaList:
    province = _check_use(actor)
    media_list = MediaList.objects.create(
        province=province, organization=_keeper(actor), name=name.strip(), created_by=actor
    )
    visible = queries.contacts_visible_to(actor).filter(pk__in=[c.pk for c in contacts])
    media_list.contacts.set(visible)
    return media_list


@transaction.atomic
def set_list_membership(*, actor: User, media_list: MediaList, contact: MediaContact, member: bool) -> None:
    _check_use(actor)
    if not queries.lists_visible_to(actor).filter(pk=media_list.pk).exists():
        raise PermissionDenied
    if not queries.contacts_visible_to(actor).filter(pk=contact.pk).exists():
        raise PermissionDenied
    if member:
        media_list.contacts.add(contact)
    else:
        media_list.contacts.remove(contact)


@transaction.atomic
def log_interaction(
    *,
    actor: User,
    contact: MediaContact,
    kind: str,
    happened_on: datetime.date,
    occasion: str = "",
    notes: str = "",
    participants: Iterable[Any] = (),
) -> Interaction:
    _check_use(actor)
    if not queries.contacts_visible_to(actor).filter(pk=contact.pk).exists():
        raise PermissionDenied
    if contact.is_erased:
        raise ValidationError(_("This contact was erased on request; it can no longer be changed."))
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    entry = Interaction.objects.create(
        contact=contact, kind=kind, happened_on=happened_on, occasion=occasion, notes=notes, created_by=actor
    )
    entry.participants.set(list(participants))
    return entry


@transaction.atomic
def merge_contacts(*, actor: User, keep: MediaContact, duplicate: MediaContact) -> MediaContact:
    """Fold ``duplicate`` into ``keep``: empty fields filled, tags, lists and the relations log moved."""
    _check_editable(actor, keep)
    _check_editable(actor, duplicate)
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different contacts."))
    for name in ("outlet", "beat", "mobile", "phone", "email", "social", "notes", "data_source"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    keep.is_key = keep.is_key or duplicate.is_key
    if duplicate.unsubscribed_at and not keep.unsubscribed_at:
        keep.unsubscribed_at = duplicate.unsubscribed_at
    keep.save()
    keep.tags.add(*duplicate.tags.all())
    for media_list in duplicate.lists.all():
        media_list.contacts.add(keep)
    Interaction.objects.filter(contact=duplicate).update(contact=keep)
    duplicate.delete()
    return keep


@transaction.atomic
def erase_contact(*, actor: User, contact: MediaContact) -> MediaContact:
    """KVKK erasure on request: personal fields emptied, the relations log kept for counts without notes."""
    _check_editable(actor, contact)
    contact.name = _("Erased contact %(number)d") % {"number": contact.pk}
    for name in ("beat", "mobile", "phone", "email", "social", "notes", "data_source"):
        setattr(contact, name, "")
    contact.is_key = False
    contact.erased_at = timezone.now()
    contact.save()
    contact.tags.clear()
    contact.lists.clear()
    Interaction.objects.filter(contact=contact).update(notes="", occasion="")
    return contact


def unsubscribe_token(contact: MediaContact) -> str:
    return signing.dumps(contact.pk, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def unsubscribe(*, token: str) -> MediaContact:
    """The contact behind a signed unsubscribe link gets no press e-mail any more; idempotent."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise ValidationError(_("This unsubscribe link is not valid.")) from exc
    contact = MediaContact.objects.select_for_update().filter(pk=pk).first()
    if contact is None:
        raise ValidationError(_("This unsubscribe link is not valid."))
    if contact.unsubscribed_at is None:
        contact.unsubscribed_at = timezone.now()
        contact.save(update_fields=["unsubscribed_at", "updated_at"])
    return contact


@transaction.atomic
def record_bounce(*, contact_id: int) -> None:
    """A bounce reported for the contact's address (called by the sending task)."""
    contact = MediaContact.objects.select_for_update().filter(pk=contact_id).first()
    if contact is None:
        return
    contact.bounced_at = timezone.now()
    contact.bounce_count += 1
    contact.save(update_fields=["bounced_at", "bounce_count", "updated_at"])
