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
from pressdesk.mediarelations.models import (
    Coverage,
    Delivery,
    Interaction,
    MediaContact,
    MediaList,
    Release,
    ReleaseItem,
    Tag,
)
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
    old_email = contact.email
    for name in CONTACT_FIELDS:
        if name in fields:
            setattr(contact, name, fields[name])
    if turkish.casefold(contact.email) != turkish.casefold(old_email):
        contact.email_invalid_at = None  # a new address starts clean
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


ERASED_DOMAIN = "erased.invalid"
_PERSONAL_AUDIT_FIELDS = frozenset(
    {"name", "beat", "mobile", "phone", "email", "social", "notes", "data_source", "occasion", "outlet_name"}
)


def erased_address(contact: MediaContact) -> str:
    """The placeholder that replaces an erased contact's address on the rows that must keep one
    (a release is sent once per address, so each erased contact gets its own)."""
    return f"erased-{contact.pk}@{ERASED_DOMAIN}"


def _scrub_audit(model: type[Any], pks: Iterable[Any], label: str) -> None:
    """Mask the personal values an erased contact left in the audit history of ``model``'s rows."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    keys = [str(pk) for pk in pks]
    if not keys:
        return
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk__in=keys)
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for field in _PERSONAL_AUDIT_FIELDS & changes.keys():
            changes[field] = ["***", "***"]
        entry.changes = changes
        entry.changes_text = ""
        entry.serialized_data = None
        entry.object_repr = label
        entry.save(update_fields=["changes", "changes_text", "serialized_data", "object_repr"])


@transaction.atomic
def erase_contact(*, actor: User, contact: MediaContact) -> MediaContact:
    """KVKK erasure on request: every copy of the person's name and address is emptied in one transaction.

    The contact keeps its row with its personal fields emptied; its relations log loses notes and
    occasions; the releases' deliveries and bounces recorded for it (or for its address), and the
    events' press-list rows picked from it, keep their counts but get a placeholder name and address;
    the audit history of these rows is masked, and one audit row records the erasure itself.
    """
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.db.models import Q

    from pressdesk.events.models import Invitee
    from pressdesk.mediarelations.models import Bounce

    _check_editable(actor, contact)
    contact = MediaContact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    label = _("Erased contact %(number)d") % {"number": contact.pk}
    old_email = contact.email
    placeholder = erased_address(contact)

    # Rows linked to the contact, and rows of its address that no other contact claims.
    same_address = Q(email__iexact=old_email) if old_email else Q(pk__in=[])
    deliveries = Delivery.objects.filter(release__province_id=contact.province_id).filter(
        Q(contact=contact) | (Q(contact__isnull=True) & same_address)
    )
    delivery_ids = list(deliveries.values_list("pk", flat=True))
    bounces = Bounce.objects.filter(Q(contact=contact) | Q(delivery_id__in=delivery_ids) | same_address).filter(
        Q(contact=contact) | Q(contact__isnull=True)
    )
    invitees = Invitee.objects.filter(contact=contact)
    with disable_auditlog():
        for delivery in Delivery.objects.filter(pk__in=delivery_ids):
            delivery.name, delivery.email = label, placeholder
            if old_email and turkish.casefold(old_email) in turkish.casefold(delivery.error):
                delivery.error = ""
            delivery.save(update_fields=["name", "email", "error"])
        bounce_count = 0
        for bounce in bounces:
            bounce.email = placeholder
            if old_email and turkish.casefold(old_email) in turkish.casefold(bounce.diagnostic):
                bounce.diagnostic = ""
            bounce.save(update_fields=["email", "diagnostic"])
            bounce_count += 1
        invitee_ids = list(invitees.values_list("pk", flat=True))
        Invitee.objects.filter(pk__in=invitee_ids).update(name=label, email="", phone="")
        interaction_ids = list(Interaction.objects.filter(contact=contact).values_list("pk", flat=True))
        Interaction.objects.filter(pk__in=interaction_ids).update(notes="", occasion="")
        contact.name = label
        for name in ("beat", "mobile", "phone", "email", "social", "notes", "data_source"):
            setattr(contact, name, "")
        contact.is_key = False
        contact.erased_at = timezone.now()
        contact.save()
        contact.tags.clear()
        contact.lists.clear()
    _scrub_audit(MediaContact, [contact.pk], label)
    _scrub_audit(Interaction, interaction_ids, label)
    _scrub_audit(Invitee, invitee_ids, label)
    LogEntry.objects.log_create(
        contact,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        changes={"erased_at": ["None", contact.erased_at.isoformat()]},
        additional_data={
            "kvkk_erasure": True,
            "deliveries": len(delivery_ids),
            "bounces": bounce_count,
            "invitees": len(invitee_ids),
            "relations_log": len(interaction_ids),
        },
    )
    log.info("Media contact %d erased on request", contact.pk)
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


# --- press bulletins and statements (3.7, 3.10) ---------------------------------------------


def _check_release(actor: User, release: Release) -> None:
    _check_use(actor)
    if not queries.releases_visible_to(actor).filter(pk=release.pk).exists():
        raise PermissionDenied


def _index(item: ReleaseItem) -> None:
    from pressdesk.mediarelations.coverage import shingle_count
    from pressdesk.monitoring.clustering import signature

    text = f"{item.title}\n{item.text}"
    item.signature = signature(text)
    item.shingles = shingle_count(text)


@transaction.atomic
def create_release(
    *,
    actor: User,
    kind: str,
    title: str,
    lead: str = "",
    body: str = "",
    contact_person: str = "",
    embargo_until: datetime.datetime | None = None,
    needs_external: bool = False,
    match_terms: str = "",
    origin: str = "",
) -> Release:
    province = _check_use(actor)
    release = Release.objects.create(
        province=province,
        organization=_keeper(actor),
        kind=kind,
        title=title,
        lead=lead,
        contact_person=contact_person,
        embargo_until=embargo_until,
        needs_external=needs_external,
        match_terms=match_terms,
        created_by=actor,
    )
    if body.strip():
        item = ReleaseItem(release=release, title=title, text=body.strip(), origin=origin[:100])
        _index(item)
        item.save()
    return release


def _editable(release: Release) -> None:
    if release.status != Release.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed; it is already in its approval chain or sent."))


@transaction.atomic
def add_item(
    *, actor: User, release: Release, title: str, text: str, origin: str = "", photos: Iterable[str] = ()
) -> ReleaseItem:
    _check_release(actor, release)
    _editable(release)
    order = release.items.count()
    item = ReleaseItem(release=release, order=order, title=title, text=text, origin=origin, photos=list(photos))
    _index(item)
    item.save()
    return item


@transaction.atomic
def add_library_photo(*, actor: User, release: Release, item: ReleaseItem, asset_id: int) -> str:
    """Put a photo of the asset library on a bulletin item (its web copy: resized, without EXIF).

    Refused for a photo whose consent, "not for publication" mark or expired rights keep it out of
    anything published (the creative studio's own check)."""
    from pressdesk.creative import actions as creative
    from pressdesk.creative import queries as creative_queries
    from pressdesk.creative.models import Asset, Rendition

    _check_release(actor, release)
    _editable(release)
    if item.release_id != release.pk:
        raise PermissionDenied
    asset = (
        creative_queries.assets_visible_to(actor)
        .filter(pk=asset_id, kind__in=[Asset.Kind.PHOTO, Asset.Kind.LOGO])
        .first()
    )
    if asset is None:
        raise ValidationError(_("Choose a photo of the asset library."))
    creative.assert_publishable(asset)
    web = asset.renditions.filter(size=Rendition.Size.WEB).exclude(file="").first()
    if web is None:
        raise ValidationError(_("The photo's web copy is not ready yet; try again in a moment."))
    if web.file.name in item.photos:
        raise ValidationError(_("“%(title)s” is already on this item.") % {"title": asset.title})
    item.photos = [*item.photos, web.file.name]
    item.save(update_fields=["photos"])
    return web.file.name


@transaction.atomic
def add_items_from_sources(
    *,
    actor: User,
    release: Release,
    story_ids: Iterable[int] = (),
    note_ids: Iterable[int] = (),
    event_ids: Iterable[int] = (),
) -> int:
    """Serve approved news stories, information notes and events or trainings as items of a bulletin (3.7.1)."""
    from django.utils.html import strip_tags

    _check_release(actor, release)
    _editable(release)
    added = 0
    for story in queries.bulletin_stories(actor).filter(pk__in=list(story_ids)).prefetch_related("photos"):
        photos = [p.web.name or p.original.name for p in story.photos.all()]
        text = "\n\n".join(part for part in (story.spot, strip_tags(story.body_html)) if part.strip())
        origin = _("News story %(number)d") % {"number": story.pk}
        add_item(actor=actor, release=release, title=story.title, text=text, origin=origin, photos=photos)
        added += 1
    for note in queries.bulletin_notes(actor).filter(pk__in=list(note_ids)):
        origin = _("Information note %(number)d") % {"number": note.pk}
        add_item(actor=actor, release=release, title=note.title, text=note.body, origin=origin)
        added += 1
    for event in queries.bulletin_events(actor).filter(pk__in=list(event_ids)):
        draft = queries.event_draft(event)
        text = "\n\n".join(part for part in (draft["lead"], draft["body"]) if part.strip())
        origin = _("Event %(number)d") % {"number": event.pk}
        add_item(actor=actor, release=release, title=event.title, text=text, origin=origin)
        added += 1
    return added


@transaction.atomic
def remove_item(*, actor: User, item: ReleaseItem) -> None:
    _check_release(actor, item.release)
    _editable(item.release)
    item.delete()


@transaction.atomic
def submit_release(*, actor: User, release: Release) -> Any:
    """Into the approval chain up to the director; external approvals only when ticked (or the matrix says so)."""
    from pressdesk.approvals import actions as approvals

    _check_release(actor, release)
    _editable(release)
    if not release.items.exists():
        raise ValidationError(_("Add at least one item first."))
    flow = approvals.submit(actor=actor, target=release, needs_external=True if release.needs_external else None)
    release.status = Release.Status.APPROVAL
    release.save(update_fields=["status", "updated_at"])
    return flow


def release_approved(release: Release) -> bool:
    from pressdesk.approvals import actions as approvals
    from pressdesk.approvals.models import ApprovalFlow
    from pressdesk.approvals.registry import content_hash

    flow = approvals.flow_for(release)
    return bool(
        flow is not None
        and flow.status == ApprovalFlow.Status.APPROVED
        and content_hash(release.approval_content()) == flow.content_hash
    )


@transaction.atomic
def send_release(*, actor: User, release: Release, lists: Iterable[MediaList]) -> int:
    """One ``Delivery`` per recipient and one queued e-mail each; a second click sends nothing more."""
    from pressdesk.mediarelations import mail, tasks
    from pressdesk.outbox.actions import enqueue

    _check_release(actor, release)
    locked = Release.objects.select_for_update(of=("self",)).get(pk=release.pk)
    if locked.status == Release.Status.SENT:
        return 0
    if locked.status != Release.Status.APPROVAL or not release_approved(locked):
        raise ValidationError(_("Only an approved release can be sent; if it changed after approval, submit it again."))
    list_ids = [m.pk for m in lists]
    if not list_ids:
        raise ValidationError(_("Choose at least one list."))
    contacts = (
        queries.contacts_visible_to(actor)
        .filter(lists__in=queries.lists_visible_to(actor).filter(pk__in=list_ids))
        .filter(erased_at__isnull=True, unsubscribed_at__isnull=True, email_invalid_at__isnull=True)
        .exclude(email="")
        .select_related("outlet")
        .distinct()
        .order_by("pk")
    )
    kit = not mail.fits_in_mail(locked)
    seen: set[str] = set()
    deliveries = []
    for contact in contacts:
        key = turkish.casefold(contact.email)
        if key in seen:
            continue
        seen.add(key)
        deliveries.append(
            Delivery(
                release=locked,
                contact=contact,
                name=contact.name,
                email=contact.email,
                outlet_name=contact.outlet.name if contact.outlet else "",
                with_kit_link=kit,
            )
        )
    if not deliveries:
        raise ValidationError(_("No one in the chosen lists receives press e-mails."))
    Delivery.objects.bulk_create(deliveries)
    locked.status = Release.Status.SENT
    locked.sent_at = timezone.now()
    locked.save(update_fields=["status", "sent_at", "updated_at"])
    for delivery in Delivery.objects.filter(release=locked).values_list("pk", flat=True):
        enqueue(tasks.send_delivery, delivery)
    return len(deliveries)


@transaction.atomic
def deliver(*, delivery_id: int) -> None:
    """Send one delivery, once: a row that is no longer waiting is skipped (a retry, a second worker)."""
    import smtplib

    from pressdesk.mediarelations import mail

    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("release", "contact")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return
    contact = delivery.contact
    if contact is not None and not contact.receives_email:
        delivery.status = Delivery.Status.FAILED
        delivery.error = _("Unsubscribed or erased before sending.")
        delivery.save(update_fields=["status", "error"])
        return
    token = unsubscribe_token(contact) if contact is not None else ""
    message = mail.build(delivery, unsubscribe_token=token or "-", attach=not delivery.with_kit_link)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        delivery.status = Delivery.Status.BOUNCED
        delivery.error = str(exc)[:500]
        delivery.save(update_fields=["status", "error"])
        if contact is not None:
            record_bounce(contact_id=contact.pk)
        return
    except (smtplib.SMTPException, OSError) as exc:
        delivery.status = Delivery.Status.FAILED
        delivery.error = str(exc)[:500]
        delivery.save(update_fields=["status", "error"])
        return
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.error = ""
    delivery.save(update_fields=["status", "sent_at", "error"])


@transaction.atomic
def resend_delivery(*, actor: User, delivery: Delivery) -> None:
    """One more try for a failed or bounced e-mail, once."""
    from pressdesk.mediarelations import tasks
    from pressdesk.outbox.actions import enqueue

    _check_release(actor, delivery.release)
    locked = Delivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)
    if locked.status not in (Delivery.Status.FAILED, Delivery.Status.BOUNCED) or locked.resent:
        raise ValidationError(_("Only a failed e-mail can be sent again, and only once."))
    locked.status = Delivery.Status.PENDING
    locked.resent = True
    locked.save(update_fields=["status", "resent"])
    enqueue(tasks.send_delivery, locked.pk)


@transaction.atomic
def mark_bounced(*, actor: User, delivery: Delivery) -> None:
    """A bounce message came back by post: record it against the delivery and the contact."""
    _check_release(actor, delivery.release)
    if delivery.status == Delivery.Status.BOUNCED:
        return
    delivery.status = Delivery.Status.BOUNCED
    delivery.save(update_fields=["status"])
    if delivery.contact_id:
        record_bounce(contact_id=delivery.contact_id)


@transaction.atomic
def add_coverage(*, actor: User, release: Release, item: Any) -> Coverage:
    _check_release(actor, release)
    coverage, _created = Coverage.objects.get_or_create(release=release, item=item, defaults={"manual": True})
    if coverage.removed:
        coverage.removed = False
        coverage.manual = True
        coverage.save(update_fields=["removed", "manual"])
    return coverage


@transaction.atomic
def remove_coverage(*, actor: User, coverage: Coverage) -> None:
    """Kept as removed, so the next ingest of the same item does not link it again."""
    _check_release(actor, coverage.release)
    coverage.removed = True
    coverage.save(update_fields=["removed"])
