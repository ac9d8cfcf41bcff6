from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.creative import actions, queries
from pressdesk.creative.models import SpecialDay
from pressdesk.lib import agenda, inbox

pytestmark = pytest.mark.django_db


def test_the_health_calendar_is_seeded_with_its_rules():
    assert SpecialDay.objects.count() >= 80
    kidney = SpecialDay.objects.get(name="Dünya Böbrek Günü")
    assert kidney.date_in(2027) == datetime.date(2027, 3, 11)  # the second Thursday of March
    leprosy = SpecialDay.objects.get(name="Dünya Cüzzam Günü")
    assert leprosy.date_in(2027) == datetime.date(2027, 1, 31)  # the last Sunday of January
    rare = SpecialDay.objects.get(name="Nadir Hastalıklar Günü")
    assert rare.date_in(2028) == datetime.date(2028, 2, 29)
    assert SpecialDay.objects.get(name="Dünya Kanser Günü").date_in(2027) == datetime.date(2027, 2, 4)


def test_upcoming_days_show_in_the_calendar_inbox_and_agenda(province, client, login):
    today = timezone.localdate()
    day = SpecialDay.objects.create(name="Deneme Günü", month=today.month, day=today.day, text_lead_days=3)
    actions.set_responsible(actor=province.unit_head, day=day, people=[province.staff])
    assert any(d == day for _date, d in queries.upcoming_days(province.staff))
    assert any(item.title == "Deneme Günü" for item in inbox.items_for(province.staff))
    start = timezone.now() - datetime.timedelta(days=1)
    entries = agenda.entries_for(province.staff, start=start, end=start + datetime.timedelta(days=3))
    assert any(e.kind == "special_day" and e.title == "Deneme Günü" for e in entries)
    login(province.staff)
    assert "Deneme Günü" in client.get(reverse("creative:special_days")).content.decode()
    page = client.get(reverse("creative:create"), {"special_day": day.pk})
    assert page.status_code == 200


def test_the_inbox_reads_the_days_one_answers_for_in_one_query(province):
    today = timezone.localdate()

    def inbox_queries() -> tuple[int, list[str]]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            titles = [item.title for item in queries.inbox_items(province.staff)]
        return len(captured.captured_queries), titles

    for n in range(2):
        day = SpecialDay.objects.create(name=f"Deneme Günü {n}", month=today.month, day=today.day)
        actions.set_responsible(actor=province.unit_head, day=day, people=[province.staff])
    inbox_queries()  # warm-up: the content types and the seeded calendar are cached
    few, titles = inbox_queries()
    assert {"Deneme Günü 0", "Deneme Günü 1"} <= set(titles)
    for n in range(2, 6):
        day = SpecialDay.objects.create(name=f"Deneme Günü {n}", month=today.month, day=today.day)
        actions.set_responsible(actor=province.unit_head, day=day, people=[province.staff])
    many, titles = inbox_queries()
    assert {f"Deneme Günü {n}" for n in range(6)} <= set(titles)
    assert many == few
