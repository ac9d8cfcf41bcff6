"""Unsubscribe honoured everywhere: a press-list row picked from the media contacts is skipped when,
at the moment of sending, the contact has unsubscribed or its address has been flagged invalid."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from pressdesk.events import actions, afterwards
from pressdesk.events.models import Event, Invitation
from pressdesk.events.tasks import remind_attendees, send_press_kit_mail
from pressdesk.mediarelations.models import MediaContact

pytestmark = pytest.mark.django_db


def _contact(province: Any, name: str, email: str) -> MediaContact:
    return MediaContact.objects.create(
        province=province.directorate, organization=province.unit, name=name, email=email
    )


def test_invitations_reminders_and_press_kits_skip_contacts_who_opted_out_after_being_added(
    province: Any, plan: Any, approve: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = plan()
    leaving = _contact(province, "Ayla Ayrılan", "ayla@example.com")
    bouncing = _contact(province, "Burak Dönen", "burak@example.com")
    later = _contact(province, "Ceren Sonra", "ceren@example.com")
    for contact in (leaving, bouncing, later):
        actions.add_invitee(actor=province.staff, event=event, name="", contact=contact)
    actions.add_invitee(actor=province.staff, event=event, name="Elle Yazılan", email="elle@example.com")
    actions.save_invitation_text(actor=province.staff, event=event, text="Davetlisiniz.", note="")
    event.refresh_from_db()
    assert approve(actions.submit_invitation(actor=province.staff, event=event)).status == "approved"
    # After they were put on the press list: one unsubscribes, one's address is flagged invalid.
    MediaContact.objects.filter(pk=leaving.pk).update(unsubscribed_at=timezone.now())
    MediaContact.objects.filter(pk=bouncing.pk).update(email_invalid_at=timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(actor=province.staff, event=event)
    assert sorted(m.to[0] for m in mail.outbox) == ["ceren@example.com", "elle@example.com"]
    assert not Invitation.objects.filter(invitee__contact__in=[leaving, bouncing], sent_at__isnull=False).exists()
    # The press list says why they got nothing.
    client.force_login(province.staff)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "abonelikten çıktı: e-posta gönderilmez" in page and "adres geçersiz sayıldı: e-posta gönderilmez" in page

    # The reminder the day before: Ceren said yes, then unsubscribed.
    Invitation.objects.filter(invitee__email__in=["ceren@example.com", "elle@example.com"]).update(answer="yes")
    MediaContact.objects.filter(pk=later.pk).update(unsubscribed_at=timezone.now())
    # Tomorrow morning in Istanbul whatever the time now (now + 20 hours was today after midnight).
    start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(10))
    )
    Event.objects.filter(pk=event.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    mail.outbox.clear()
    remind_attendees()
    assert [m.to[0] for m in mail.outbox] == ["elle@example.com"]

    # The press kit after the event: queued for everyone with an address, sent only to who may receive it.
    start = timezone.now() - datetime.timedelta(hours=3)
    Event.objects.filter(pk=event.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    event.refresh_from_db()
    afterwards.save_afterwards(actor=province.staff, event=event, summary="", press_kit_text="Basın açıklaması.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        afterwards.send_press_kit(actor=province.staff, event=event)
    assert [m.to[0] for m in mail.outbox] == ["elle@example.com"]
    assert send_press_kit_mail(event.invitees.get(contact=later).pk) is False


def test_an_invitees_own_address_other_than_the_flagged_one_still_gets_the_invitation(
    province: Any, plan: Any, approve: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The invalid flag is about one address: a typed address of the invitee that differs still goes."""
    event = plan()
    bouncing = _contact(province, "Burak Dönen", "burak@example.com")
    actions.add_invitee(actor=province.staff, event=event, name="", email="burak@yeniadres.example", contact=bouncing)
    MediaContact.objects.filter(pk=bouncing.pk).update(email_invalid_at=timezone.now())
    actions.save_invitation_text(actor=province.staff, event=event, text="Davetlisiniz.", note="")
    event.refresh_from_db()
    approve(actions.submit_invitation(actor=province.staff, event=event))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(actor=province.staff, event=event)
    assert [m.to[0] for m in mail.outbox] == ["burak@yeniadres.example"]
