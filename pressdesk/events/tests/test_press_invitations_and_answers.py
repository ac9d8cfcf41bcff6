from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pressdesk.events import actions
from pressdesk.events.models import Answer, Event, Invitation
from pressdesk.events.tasks import remind_attendees

pytestmark = pytest.mark.django_db


def test_the_invitation_is_sent_only_when_approved_and_only_once(
    province: Any, plan: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = plan()
    actions.add_invitee(actor=province.staff, event=event, name="Ali", email="ali@example.com")
    actions.add_invitee(actor=province.staff, event=event, name="Telefonla Davet")
    with pytest.raises(ValidationError):
        actions.send_invitations(actor=province.staff, event=event)


def test_two_clicks_send_each_invitation_once(
    province: Any, invited: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event, tokens = invited
    assert len(tokens) == 2
    body = mail.outbox[0].body
    assert timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M") in body
    assert "UTC" not in body and "+00:00" not in body
    mail.outbox.clear()
    actions.add_invitee(actor=province.staff, event=event, name="Adresi yok")
    with django_capture_on_commit_callbacks(execute=True):
        queued, missing = actions.send_invitations(actor=province.staff, event=event)
    assert (queued, missing, len(mail.outbox)) == (0, ["Adresi yok"], 0)


def test_an_answer_is_logged_and_the_link_is_spent(
    province: Any, invited: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event, tokens = invited
    url = reverse("events:rsvp", args=[tokens["ali@example.com"]])
    page = client.get(url).content.decode()
    assert event.title in page and "Veli" not in page  # only this invitee's form
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "yes", "people": 2, "needs_transport": "on"})
    assert response.status_code == 200
    invitation = Invitation.objects.get(invitee__email="ali@example.com")
    assert (invitation.answer, invitation.people, invitation.needs_transport) == ("yes", 2, True)
    assert Answer.objects.filter(invitation=invitation).count() == 1
    # The forwarded or reused link no longer works; a fresh one came by e-mail.
    assert client.post(url, {"answer": "no"}).status_code == 404
    assert len(mail.outbox) == 1 and "/events/rsvp/" in mail.outbox[0].body
    # The RSVP list shows the answer, at a constant number of queries.
    client.force_login(province.staff)
    assert "Ali Muhabir" in client.get(reverse("events:rsvp_list", args=[event.pk])).content.decode()


def test_the_link_expires_after_the_event(province: Any, invited: Any, client: Any) -> None:
    event, tokens = invited
    Event.objects.filter(pk=event.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3), end=timezone.now() - datetime.timedelta(hours=1)
    )
    assert client.get(reverse("events:rsvp", args=[tokens["ali@example.com"]])).status_code == 410
    assert client.get(reverse("events:rsvp", args=["uydurma"])).status_code == 404


def test_rsvp_list_queries_do_not_grow(
    province: Any, invited: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    event, _tokens = invited
    client.force_login(province.staff)
    url = reverse("events:rsvp_list", args=[event.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(25):
        invitee = actions.add_invitee(actor=province.staff, event=event, name=f"Muhabir {i}", email=f"m{i}@example.com")
        Invitation.objects.create(invitee=invitee, token_hash=f"h{i}", answer="yes", people=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_reminder_goes_once_the_day_before(province: Any, invited: Any) -> None:
    event, _tokens = invited
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(start=tomorrow, end=tomorrow + datetime.timedelta(hours=2))
    Invitation.objects.filter(invitee__email="ali@example.com").update(answer="yes", people=1)
    mail.outbox.clear()
    assert remind_attendees() == 1
    assert remind_attendees() == 0
    assert mail.outbox[0].to == ["ali@example.com"]


def test_a_vehicle_is_not_filled_over_capacity(
    province: Any, invited: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event, _tokens = invited
    Invitation.objects.update(answer="yes", people=2, needs_transport=True)
    vehicle = actions.add_vehicle(
        actor=province.staff,
        event=event,
        name="Minibüs",
        capacity=3,
        driver="Hasan",
        departure_point="Müdürlük önü",
        departure_at=event.start - datetime.timedelta(hours=1),
    )
    first, second = list(event.invitees.order_by("name"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_vehicle(actor=province.staff, invitee=first, vehicle=vehicle)
    assert "Minibüs" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        actions.assign_vehicle(actor=province.staff, invitee=second, vehicle=vehicle)
    actions.check_in(actor=province.staff, invitee=first)
    assert Invitation.objects.get(invitee=first).checked_in_at is not None
