"""Background work of events: the invitation e-mails, answer receipts, vehicle notices and the
reminder the day before. Each takes ids, is idempotent and ignores a deleted row."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pressdesk.events.models import Invitation, Invitee, Vehicle
from pressdesk.lib.dates import format_datetime


def _invitation(invitation_id: int) -> Invitation | None:
    return (
        Invitation.objects.select_related("invitee", "invitee__event", "invitee__event__hall")
        .filter(pk=invitation_id)
        .first()
    )


def _refused(invitee: Invitee) -> bool:
    """A press-list row picked from the media contacts is skipped when, at the moment of sending, that
    contact has unsubscribed or been erased, or the address was flagged invalid after bounces."""
    from pressdesk.mediarelations.queries import refuses_press_mail

    return refuses_press_mail(invitee.contact_id, invitee.email)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_invitation(invitation_id: int, token: str) -> bool:
    """E-mail one invitee their invitation and personal link (once: a sent row is skipped)."""
    from pressdesk.events.actions import rsvp_link

    invitation = _invitation(invitation_id)
    if invitation is None or invitation.sent_at is not None or not invitation.invitee.email:
        return False
    if _refused(invitation.invitee):
        return False
    event = invitation.invitee.event
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Press invitation: %(title)s") % {"title": event.title}
        body = _(
            "Dear %(name)s,\n\n%(text)s\n\nPlace: %(where)s\nDate and time: %(when)s\n%(note)s\n\n"
            "Please answer through your personal link (valid until the event ends):\n%(link)s"
        ) % {
            "name": invitation.invitee.name,
            "text": event.invitation_text,
            "where": event.where,
            "when": format_datetime(event.start),
            "note": event.invitation_note,
            "link": rsvp_link(token),
        }
    claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    send_mail(subject, body, None, [invitation.invitee.email])
    return True


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_answer_receipt(invitation_id: int, token: str) -> None:
    """Confirm an answer; the mail carries the fresh link to change it."""
    from pressdesk.events.actions import _hash, rsvp_link

    invitation = _invitation(invitation_id)
    if invitation is None or invitation.token_hash != _hash(token) or not invitation.invitee.email:
        return
    event = invitation.invitee.event
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your answer is recorded: %(title)s") % {"title": event.title}
        body = _("Your answer: %(answer)s.\nTo change it, use this new link:\n%(link)s") % {
            "answer": invitation.get_answer_display(),
            "link": rsvp_link(token),
        }
    send_mail(subject, body, None, [invitation.invitee.email])


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_vehicle_notice(invitation_id: int, vehicle_id: int) -> None:
    invitation = _invitation(invitation_id)
    vehicle = Vehicle.objects.filter(pk=vehicle_id).first()
    if invitation is None or vehicle is None or invitation.vehicle_id != vehicle.pk or not invitation.invitee.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your transport: %(title)s") % {"title": invitation.invitee.event.title}
        body = _("Vehicle: %(vehicle)s (driver %(driver)s)\nDeparture: %(point)s, %(when)s") % {
            "vehicle": vehicle.name,
            "driver": vehicle.driver or "-",
            "point": vehicle.departure_point,
            "when": format_datetime(vehicle.departure_at),
        }
    send_mail(subject, body, None, [invitation.invitee.email])


@shared_task(soft_time_limit=240, time_limit=300)
def remind_attendees() -> int:
    """Beat: the day before, remind those who said yes (each once)."""
    from pressdesk.events.actions import invitations_to_remind, mark_reminded

    sent = 0
    for invitation_id in invitations_to_remind():
        invitation = _invitation(invitation_id)
        if invitation is None or not invitation.invitee.email or _refused(invitation.invitee):
            continue
        if not mark_reminded(invitation_id=invitation_id):
            continue
        event = invitation.invitee.event
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Reminder: %(title)s is tomorrow") % {"title": event.title}
            body = _("We expect you tomorrow.\nPlace: %(where)s\nDate and time: %(when)s") % {
                "where": event.where,
                "when": format_datetime(event.start),
            }
        send_mail(subject, body, None, [invitation.invitee.email])
        sent += 1
    return sent


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_press_kit_mail(invitee_id: int) -> bool:
    """E-mail one journalist the press kit after the event: the statement, the shared link and the
    links of the chosen photos (once: the invitee row is claimed before sending)."""
    from django.urls import reverse

    from pressdesk.events.afterwards import claim_press_kit

    invitee = Invitee.objects.select_related("event").filter(pk=invitee_id).first()
    if invitee is None or not invitee.email or not invitee.event.press_kit_key:
        return False
    if _refused(invitee):
        return False
    event = invitee.event
    page = settings.SITE_URL + reverse("events:press_kit", args=[event.press_kit_key])
    photos = [
        settings.SITE_URL + reverse("events:press_kit_photo", args=[event.press_kit_key, pk])
        for pk in event.photos.filter(in_press_kit=True).order_by("created_at", "pk").values_list("pk", flat=True)
    ]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Press kit: %(title)s") % {"title": event.title}
        parts = [_("Dear %(name)s,") % {"name": invitee.name}, event.press_kit_text]
        parts.append(_("Date and time: %(when)s") % {"when": format_datetime(event.start)})
        parts.append(_("The press kit page: %(link)s") % {"link": page})
        if event.press_kit_url:
            parts.append(_("Shared files: %(link)s") % {"link": event.press_kit_url})
        if photos:
            parts.append(_("Photos:") + "\n" + "\n".join(photos))
        body = "\n\n".join(p for p in parts if p)
    if not claim_press_kit(invitee_id=invitee.pk):
        return False
    send_mail(subject, body, None, [invitee.email])
    return True
