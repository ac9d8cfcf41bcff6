"""3.16: rooms, periodic connection tests (a failed one opens a fault, resolved later), reminders
when a test is due, and VTC sessions booked like meetings."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.meetings import actions, queries
from pressdesk.meetings.models import VtcFault, VtcTest
from pressdesk.notifications.models import Notification
from pressdesk.testing.meetings import make_room

pytestmark = pytest.mark.django_db


def test_a_failed_test_opens_a_fault_that_is_resolved(province, login):
    room = make_room(province)
    client = login(province.staff)
    client.post(reverse("meetings:room_test", args=[room.pk]), {"result": "ok", "quality_notes": "Görüntü net"})
    client.post(reverse("meetings:room_test", args=[room.pk]), {"result": "failed", "fault": "Ses gelmiyor"})
    assert VtcTest.objects.filter(room=room).count() == 2
    fault = VtcFault.objects.get(room=room)
    assert fault.description == "Ses gelmiyor" and fault.test.result == "failed"
    client.post(reverse("meetings:fault_resolve", args=[fault.pk]), {"resolution": "Mikrofon değiştirildi"})
    fault.refresh_from_db()
    assert fault.resolved_at is not None and fault.resolved_by == province.staff


def test_a_room_due_for_its_test_is_reminded(province):
    room = make_room(province)
    assert room in queries.rooms_due_for_test()
    assert actions.remind_due_tests() == 1
    assert Notification.objects.filter(recipient=province.staff, kind="meeting_vtc_test_due").exists()
    actions.record_test(actor=province.staff, room=room, result="ok")
    assert room not in queries.rooms_due_for_test()


def test_a_vtc_session_is_booked_like_a_meeting(province, plan, login):
    room = make_room(province)
    start = timezone.now() + datetime.timedelta(days=1)
    session = plan(
        kind="vtc", title="Bakanlık VTC", place="", room=room, start=start, end=start + datetime.timedelta(hours=1)
    )
    assert session.connection == "10.0.0.1"
    page = login(province.staff).get(reverse("meetings:room", args=[room.pk])).content.decode()
    assert "Bakanlık VTC" in page


def test_a_session_whose_room_was_not_tested_lately_reminds_its_organiser(province, plan):
    room = make_room(province)
    start = timezone.now() + datetime.timedelta(days=1)
    plan(kind="vtc", title="Bakanlık VTC", place="", room=room, start=start, end=start + datetime.timedelta(hours=1))
    assert actions.remind_test_before_sessions() == 1
    assert Notification.objects.filter(recipient=province.staff, title__contains="Bakanlık VTC").exists()
    actions.record_test(actor=province.staff, room=room, result="ok")
    assert actions.remind_test_before_sessions() == 0
