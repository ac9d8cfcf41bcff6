"""A routed complaint the institution has not answered: its press officers are reminded a business day before
the deadline (once), and the unit head is told when it is overdue (once); an answered one is left alone."""

from __future__ import annotations

import datetime

import pytest

from pressdesk.notifications.models import Notification
from pressdesk.publicvoice import actions
from pressdesk.publicvoice.models import Voice
from pressdesk.publicvoice.tests.test_a_complaint_reaches_the_institution_and_comes_back_answered import make_story
from pressdesk.workdays.business_days import add_business_days

pytestmark = pytest.mark.django_db


def _routed(province, title: str, deadline: datetime.date) -> Voice:
    voice = actions.mark(
        actor=province.staff,
        story=make_story(province, title),
        kind="complaint",
        institution=province.hospital,
        summary="Randevu hattına ulaşılamıyor.",
        route=True,
    )
    Voice.objects.filter(pk=voice.pk).update(deadline=deadline)
    voice.refresh_from_db()
    return voice


def test_a_reminder_before_the_deadline_and_the_unit_head_told_once_it_passes(province):
    monday = datetime.date(2027, 3, 8)
    due_tuesday = _routed(province, "Randevu alamıyoruz", add_business_days(monday, 1))
    answered = _routed(province, "Acilde bekleme uzun", add_business_days(monday, 1))
    actions.answer(actor=province.affiliate, voice=answered, action_taken="Ek personel verildi.")
    later = _routed(province, "Otopark dolu", add_business_days(monday, 3))

    assert actions.process_deadlines(monday) == (1, 0)
    reminder = Notification.objects.get(kind="voice_due")
    assert reminder.recipient == province.affiliate and "Randevu alamıyoruz" in reminder.title
    assert due_tuesday.deadline.strftime("%d.%m.%Y") in reminder.title
    assert actions.process_deadlines(monday) == (0, 0)  # once

    wednesday = add_business_days(monday, 2)
    assert actions.process_deadlines(wednesday) == (1, 1)  # "Randevu" overdue; "Otopark" due tomorrow
    told = set(Notification.objects.filter(kind="voice_overdue").values_list("recipient__username", flat=True))
    assert told == {province.unit_head.username, province.staff.username, province.affiliate.username}
    title = Notification.objects.filter(kind="voice_overdue").first().title
    assert province.hospital.name in title and "Randevu alamıyoruz" in title
    assert actions.process_deadlines(wednesday + datetime.timedelta(days=1)) == (0, 0)  # nothing twice
    assert not Notification.objects.filter(kind__in=["voice_due", "voice_overdue"], title__contains="Acilde").exists()
    assert Notification.objects.filter(kind="voice_due", title__contains="Otopark dolu").count() == 1
    later.refresh_from_db()
    assert later.reminded_on is not None and later.escalated_on is None


def test_another_provinces_unit_head_is_never_told(province):
    from pressdesk.testing.factories import SecondProvince

    second = SecondProvince(province)
    monday = datetime.date(2027, 3, 8)
    _routed(province, "Randevu alamıyoruz", monday - datetime.timedelta(days=3))
    actions.process_deadlines(monday)
    assert not Notification.objects.filter(recipient=second.unit_head).exists()
    assert Notification.objects.filter(recipient=province.unit_head, kind="voice_overdue").exists()
