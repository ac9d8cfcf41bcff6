"""Issue 26 review: the VTC reminders are idempotent. A reminder is recorded (room or session, kind,
due moment) in the same transaction as its notification, so running the beat task twice, a retry
or two ticks at once send nothing more; a new due moment (after the next test) reminds again."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pressdesk.meetings import actions, tasks
from pressdesk.meetings.models import VtcReminder
from pressdesk.notifications.models import Notification
from pressdesk.testing.meetings import make_room

pytestmark = pytest.mark.django_db


def _reminders() -> int:
    return Notification.objects.filter(kind="meeting_vtc_test_due").count()


def test_a_due_room_is_reminded_once_however_often_the_task_runs(province):
    make_room(province)
    assert tasks.remind_vtc_tests() == 1
    sent = _reminders()
    assert sent >= 1  # every staff member and unit head of the province
    assert tasks.remind_vtc_tests() == 0
    assert actions.remind_due_tests() == 0
    assert _reminders() == sent
    assert VtcReminder.objects.filter(kind=VtcReminder.Kind.TEST_DUE).count() == 1


def test_the_next_due_moment_is_reminded_again(province):
    room = make_room(province)
    actions.remind_due_tests()
    actions.record_test(actor=province.staff, room=room, result="ok")
    later = timezone.now() + datetime.timedelta(days=room.test_every_days + 1)
    sent = _reminders()
    assert actions.remind_due_tests(now=later) == 1
    assert actions.remind_due_tests(now=later + datetime.timedelta(days=1)) == 0
    assert _reminders() > sent
    assert VtcReminder.objects.filter(room=room, kind=VtcReminder.Kind.TEST_DUE).count() == 2


def test_a_session_reminds_its_organiser_once(province, plan):
    room = make_room(province)
    actions.record_test(actor=province.staff, room=room, result="failed", fault="Ses yok")
    start = timezone.now() + datetime.timedelta(days=1)
    session = plan(
        kind="vtc", title="Bakanlık VTC", place="", room=room, start=start, end=start + datetime.timedelta(hours=1)
    )
    assert actions.remind_test_before_sessions() == 1
    assert actions.remind_test_before_sessions() == 0
    assert tasks.remind_vtc_tests() == 0
    assert Notification.objects.filter(recipient=province.staff, title__contains="Bakanlık VTC").count() == 1
    assert VtcReminder.objects.get(meeting=session).due_at == session.start


def test_the_database_refuses_a_second_reminder_for_the_same_due_moment(province, plan):
    """What keeps two concurrent runs from both sending: the second insert fails (on PostgreSQL it
    waits for the first transaction, then fails), so its notification is never written."""
    room = make_room(province)
    due = timezone.now()
    VtcReminder.objects.create(room=room, kind=VtcReminder.Kind.TEST_DUE, due_at=due)
    with pytest.raises(IntegrityError), transaction.atomic():
        VtcReminder.objects.create(room=room, kind=VtcReminder.Kind.TEST_DUE, due_at=due)
    start = timezone.now() + datetime.timedelta(days=1)
    session = plan(kind="vtc", place="", room=room, start=start, end=start + datetime.timedelta(hours=1))
    VtcReminder.objects.create(room=room, meeting=session, kind=VtcReminder.Kind.BEFORE_SESSION, due_at=start)
    with pytest.raises(IntegrityError), transaction.atomic():
        VtcReminder.objects.create(room=room, meeting=session, kind=VtcReminder.Kind.BEFORE_SESSION, due_at=start)
