"""Background work of events: the invitation e-mails, answer receipts, vehicle notices and the
reminder the day before. Each takes ids, is idempotent and ignores a deleted row."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pressdesk.events.models import Invitation, Vehicle
from pressdesk.lib.dates import format_datetime


def _invitation(invitation_id: int) -> Invitation | None:
    return (
        Invitation.objects.select_related("invitee", "invitee__event", "invitee__event__hall")
        .filter(pk=invitation_id)
        .first()
    )


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_invitation(invitation_id: int, token: str) -> bool:
    """E-mail one invitee their invitation and personal link (once: a sent row is skipped)."""
    from pressdesk.events.actions import rsvp_link

    invitation = _invitation(invitation_id)
    if invitation is None or invitation.sent_at is not None or not invitation.invitee.email:
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
        if invitation is None or not invitation.invitee.email or not mark_reminded(invitation_id=invitation_id):
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
