"""On the day and after (points 6 and 7 of issue 25): press conference and interview slots, the
photos (assets of the creative library), the news story drafted from the event, the press kit
e-mailed to the press, and the SMS invitation through the corporate SMS module's approval chain.

Other modules are used only through their public actions: ``creative.actions.add_asset`` and
``assert_publishable``, ``publishing.actions.create_story``, ``sms.actions.save_outside_list``,
``save_campaign`` and ``submit``.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from pressdesk.accounts.models import User
from pressdesk.events import agenda as agendas
from pressdesk.events import queries
from pressdesk.events.actions import _check_manage, invitation_approved
from pressdesk.events.models import Event, EventPhoto, Invitee, Slot
from pressdesk.lib.dates import format_date, format_datetime
from pressdesk.outbox.actions import enqueue

if TYPE_CHECKING:
    from pressdesk.approvals.models import ApprovalFlow
    from pressdesk.publishing.models import NewsStory

# --- press conferences and interviews (3.9) ----------------------------------------------------


@transaction.atomic
def save_slot(
    *,
    actor: User,
    event: Event,
    slot: Slot | None = None,
    kind: str,
    start: datetime.datetime,
    topic: str,
    journalist: str = "",
    outlet: str = "",
    questions: str = "",
    spokesperson: str = "",
    result_url: str = "",
) -> Slot:
    """Record a press conference or interview of the event, or change one (the result link afterwards)."""
    _check_manage(actor, event)
    if kind not in Slot.Kind.values:
        raise ValidationError({"kind": _("Choose press conference or interview.")})
    if not topic.strip():
        raise ValidationError({"topic": _("Write the topic.")})
    if kind == Slot.Kind.INTERVIEW and not journalist.strip():
        raise ValidationError({"journalist": _("An interview needs the journalist's name.")})
    day_start = event.start - datetime.timedelta(days=1)
    if not day_start <= start <= event.end + datetime.timedelta(days=1):
        raise ValidationError({"start": _("The time must be around the event (the day before to the day after).")})
    if slot is None:
        slot = Slot(event=event)
    elif slot.event_id != event.pk:
        raise PermissionDenied
    before = _approved_fields(slot) if slot.pk else None
    slot.kind, slot.start, slot.topic = kind, start, topic.strip()
    slot.journalist, slot.outlet, slot.questions = journalist.strip(), outlet.strip(), questions.strip()
    slot.spokesperson, slot.result_url = spokesperson.strip(), result_url.strip()
    if before != _approved_fields(slot):  # the published result alone leaves the agenda approved
        agendas.slots_changing(actor=actor, event=event)
    slot.save()
    return slot


def _approved_fields(slot: Slot) -> tuple[object, ...]:
    """What of a slot the agenda's approval covers (``Agenda.approval_content``)."""
    return (slot.kind, slot.start, slot.topic, slot.journalist, slot.outlet, slot.questions, slot.spokesperson)


@transaction.atomic
def remove_slot(*, actor: User, slot: Slot) -> None:
    _check_manage(actor, slot.event)
    agendas.slots_changing(actor=actor, event=slot.event)
    Slot.objects.filter(pk=slot.pk).delete()


@transaction.atomic
def save_afterwards(*, actor: User, event: Event, summary: str, press_kit_text: str) -> Event:
    """What happened (for the report and the news story) and the press kit's statement."""
    _check_manage(actor, event)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    event.summary, event.press_kit_text = summary.strip(), press_kit_text.strip()
    event.save(update_fields=["summary", "press_kit_text"])
    return event


# --- photos: assets of the creative library ----------------------------------------------------


def photo_tags(event: Event) -> str:
    return ", ".join(("etkinlik", event.kind_label, f"etkinlik-{event.pk}"))


@transaction.atomic
def add_photo(
    *, actor: User, event: Event, upload: UploadedFile, credit: str = "", for_publication: bool = True
) -> EventPhoto:
    """Upload a photo of the event into the creative asset library, tagged with the event."""
    from django.conf import settings

    from pressdesk.creative import actions as creative
    from pressdesk.creative import files
    from pressdesk.creative.models import Asset

    _check_manage(actor, event)
    if event.start > timezone.now():
        raise ValidationError({"upload": _("Photos are added once the event has started.")})
    try:
        files.check_upload(
            upload, allowed=frozenset({files.PNG, files.JPEG}), max_bytes=settings.CREATIVE_UPLOAD_MAX_BYTES
        )
    except ValidationError as exc:
        raise ValidationError({"upload": _("Upload a photo (JPEG or PNG).")}) from exc
    count = event.photos.count()
    asset = creative.add_asset(
        actor=actor,
        upload=upload,
        kind=Asset.Kind.PHOTO,
        title=f"{event.title} ({count + 1})",
        description=event.where,
        tags=photo_tags(event),
        event=event.title,
        taken_on=timezone.localtime(event.start).date(),
        credit=credit,
        consent=Asset.Consent.NOT_NEEDED if for_publication else Asset.Consent.NOT_FOR_PUBLICATION,
    )
    return EventPhoto.objects.create(event=event, asset=asset, in_press_kit=for_publication)


#: The kinds of library assets an event may use as its photos.
LIBRARY_PHOTO_KINDS = ("photo", "logo")


@transaction.atomic
def add_library_photo(*, actor: User, event: Event, asset_id: int, for_publication: bool = True) -> EventPhoto:
    """Link a photo already in the creative asset library to the event (point 3 of issue 28).

    Only a photo the actor may see (the province's library for the unit, an institution's own) and
    that belongs to the event's province. Refused for the press kit when its consent, "not for
    publication" mark or expired rights keep it out of anything published (the studio's own check);
    it may still be linked left out of the kit. Picked twice (a double click), the photo is linked
    once: the existing link is returned unchanged.
    """
    from pressdesk.creative import actions as creative
    from pressdesk.creative import files
    from pressdesk.creative import queries as creative_queries
    from pressdesk.organizations.queries import province_of

    _check_manage(actor, event)
    asset = (
        creative_queries.assets_visible_to(actor)
        .select_related("organization")
        .filter(pk=asset_id, kind__in=LIBRARY_PHOTO_KINDS, content_type__in=(files.PNG, files.JPEG))
        .first()
    )
    province = province_of(event.organization)
    if asset is None or (province is not None and not asset.organization.path.startswith(province.path)):
        raise ValidationError({"asset": _("Choose a photo of the asset library.")})
    if for_publication:
        try:
            creative.assert_publishable(asset)
        except ValidationError as exc:
            raise ValidationError(
                {"asset": [*exc.messages, _("It can be linked to the event only left out of the press kit.")]}
            ) from exc
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)  # two clicks wait for each other
    existing = EventPhoto.objects.filter(event=event, asset=asset).first()
    if existing is not None:
        return existing
    return EventPhoto.objects.create(event=event, asset=asset, in_press_kit=for_publication)


def library_photos(user: User, event: Event, *, text: str = "", limit: int = 12) -> list[Any]:
    """Photos of the asset library the user may link to the event, matching ``text`` (Turkish-aware),
    newest first; the ones already linked are left out."""
    from pressdesk.creative import files
    from pressdesk.creative import queries as creative_queries
    from pressdesk.organizations.queries import province_of

    qs = creative_queries.search_assets(user, text=text).filter(
        kind__in=LIBRARY_PHOTO_KINDS, content_type__in=(files.PNG, files.JPEG)
    )
    province = province_of(event.organization)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    linked = EventPhoto.objects.filter(event=event).values("asset_id")
    return list(qs.exclude(pk__in=linked)[:limit])


def publishable(photo: EventPhoto) -> bool:
    from pressdesk.creative import actions as creative

    try:
        creative.assert_publishable(photo.asset)
    except ValidationError:
        return False
    return photo.asset.content_type.startswith("image/")


def press_kit_image(photo: EventPhoto) -> bytes:
    """The JPEG the public press kit serves for a photo: its web size (at most 1600 px, without
    EXIF or GPS position; the original stays in the library), or, before that size is made, a copy
    of the original made now without EXIF."""
    from pressdesk.creative import files
    from pressdesk.creative.models import Rendition

    web = photo.asset.renditions.filter(size=Rendition.Size.WEB).exclude(file="").first()
    if web is not None:
        with web.file.open("rb") as handle:
            return handle.read()
    with photo.asset.file.open("rb") as handle:
        image = files.open_raster(handle.read(), photo.asset.content_type, photo.asset.title)
    image.thumbnail(files.RENDITION_SIZES["web"][:2])
    return files.as_jpeg(image)[0]


@transaction.atomic
def set_photo_in_kit(*, actor: User, photo: EventPhoto, in_kit: bool) -> EventPhoto:
    from pressdesk.creative import actions as creative

    _check_manage(actor, photo.event)
    if in_kit:
        creative.assert_publishable(photo.asset)
    photo.in_press_kit = in_kit
    photo.save(update_fields=["in_press_kit"])
    return photo


# --- the news story drafted from the event (publishing) ---------------------------------------


def _story_body(event: Event) -> str:
    paragraphs = [p.strip() for p in (event.summary or event.invitation_text).split("\n") if p.strip()]
    attendees = ", ".join(u.get_full_name() or u.username for u in queries.attendees_of(event))
    if attendees:
        paragraphs.append(_("Attended: %(names)s.") % {"names": attendees})
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


@transaction.atomic
def draft_story(*, actor: User, event: Event) -> NewsStory:
    """One click: a draft news story prefilled from the event and linked to it (the same one on a
    second click, while it exists)."""
    from pressdesk.organizations.queries import in_scope
    from pressdesk.publishing import actions as publishing
    from pressdesk.publishing.models import NewsStory

    _check_manage(actor, event)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.story_id:
        existing = NewsStory.objects.filter(pk=event.story_id).first()
        if existing is not None:
            return existing
    if event.start > timezone.now():
        raise ValidationError(_("The news story is drafted once the event has taken place."))
    organization = event.institution if event.institution and in_scope(actor, event.institution) else None
    start = timezone.localtime(event.start)
    story = publishing.create_story(
        actor=actor,
        organization=organization or event.organization,
        title=event.title,
        spot=_("%(place)s, %(date)s: %(title)s.")
        % {"place": event.where, "date": format_date(start), "title": event.title},
        body_html=_story_body(event),
        event_name=event.title,
        event_date=start.date(),
        tags=[event.kind_label],
    )
    event.story = story
    event.save(update_fields=["story"])
    return story


# --- the press kit e-mailed afterwards ----------------------------------------------------------


def press_kit_key(event: Event) -> str:
    """The key of the event's public press kit page (made on first use)."""
    if not event.press_kit_key:
        key = secrets.token_urlsafe(24)
        Event.objects.filter(pk=event.pk, press_kit_key="").update(press_kit_key=key)
        event.refresh_from_db(fields=["press_kit_key"])
    return event.press_kit_key


@transaction.atomic
def send_press_kit(*, actor: User, event: Event) -> tuple[int, list[str]]:
    """E-mail the press kit to every invitee with an address, once each: a second click finds
    everyone queued already. Returns how many were queued and the names without an address."""
    from pressdesk.events.tasks import send_press_kit_mail

    _check_manage(actor, event)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.start > timezone.now():
        raise ValidationError(_("The press kit is sent after the event."))
    if not (event.press_kit_text.strip() or event.press_kit_url or event.photos.filter(in_press_kit=True).exists()):
        raise ValidationError(_("Write the press kit text or choose photos first."))
    press_kit_key(event)
    without_email: list[str] = []
    queued = 0
    now = timezone.now()
    for invitee in event.invitees.filter(press_kit_queued_at__isnull=True).order_by("name", "pk"):
        if not invitee.email:
            without_email.append(invitee.name)
            continue
        Invitee.objects.filter(pk=invitee.pk).update(press_kit_queued_at=now)
        enqueue(send_press_kit_mail, invitee.pk)
        queued += 1
    return queued, without_email


def claim_press_kit(*, invitee_id: int) -> bool:
    """The task's own claim: True only the first time (a redelivered task sends nothing)."""
    return bool(
        Invitee.objects.filter(pk=invitee_id, press_kit_sent_at__isnull=True).update(press_kit_sent_at=timezone.now())
    )


def open_press_kit(key: str) -> Event:
    from django.http import Http404

    event = Event.objects.select_related("hall").filter(press_kit_key=key).exclude(press_kit_key="").first()
    if event is None or not key:
        raise Http404
    return event


# --- SMS invitations through the corporate SMS module -----------------------------------------


def sms_text(event: Event) -> str:
    text = event.invitation_text.strip().replace("\n", " ")
    return _("%(text)s Place: %(where)s. Date and time: %(when)s.") % {
        "text": text[:300],
        "where": event.where,
        "when": format_datetime(event.start),
    }


@transaction.atomic
def invite_by_sms(*, actor: User, event: Event) -> tuple[ApprovalFlow, list[str]]:
    """Prepare the SMS invitation of the invitees with a mobile number as a corporate SMS campaign
    (an announcement to a saved list of outside recipients) and put it to the SMS approval chain
    (process 3.14). It is sent from the SMS module once approved. Returns the flow and the names
    left out (no mobile number)."""
    from pressdesk.lib.phone import normalize_mobile
    from pressdesk.sms import actions as sms
    from pressdesk.sms.models import Campaign

    _check_manage(actor, event)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if not invitation_approved(event):
        raise ValidationError(_("The invitation is sent only after it is approved."))
    if event.end <= timezone.now():
        raise ValidationError(_("The event is over: invitations are no longer sent."))
    if event.sms_campaign_id:
        campaign = Campaign.objects.filter(pk=event.sms_campaign_id).first()
        if campaign is not None and campaign.status != Campaign.Status.CANCELLED:
            raise ValidationError(_("The SMS invitation is already prepared: see the SMS campaign."))
    lines, left_out = [], []
    for invitee in event.invitees.select_related("outlet", "contact").order_by("name", "pk"):
        number = invitee.phone or (invitee.contact.mobile if invitee.contact else "")
        try:
            mobile = normalize_mobile(number)
        except ValidationError:
            left_out.append(invitee.name)
            continue
        name = invitee.name.replace(";", ",")
        lines.append(f"{name}; {mobile}; ; {invitee.outlet_label.replace(';', ',')}")
    if not lines:
        raise ValidationError(_("Nobody on the press list has a mobile number."))
    saved = sms.save_outside_list(
        actor=actor,
        name=_("Press list: %(title)s") % {"title": event.title},
        consent_source=_("Press list of the event “%(title)s” (the unit's media contacts)") % {"title": event.title},
        people="\n".join(lines),
    )
    campaign = sms.save_campaign(
        actor=actor,
        title=_("Press invitation: %(title)s") % {"title": event.title},
        kind=Campaign.Kind.ANNOUNCEMENT,
        text=sms_text(event),
        groups=[f"list:{saved.pk}"],
    )
    flow = sms.submit(actor=actor, campaign=campaign)
    event.sms_campaign = campaign
    event.save(update_fields=["sms_campaign"])
    return flow, left_out
