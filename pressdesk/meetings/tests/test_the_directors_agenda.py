"""The director's day and week: meetings, VTC sessions, conflicts, and the approvals waiting for his
signature; the per-user iCal feed; the list pages keep a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals import actions as approval_actions
from pressdesk.testing.letters import make_letter

pytestmark = pytest.mark.django_db


def test_the_agenda_shows_meetings_conflicts_and_waiting_signatures(province, plan, login):
    # Tomorrow at 10 in Istanbul: an hour from now, the meeting 30 minutes later could fall on the next day.
    start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(10))
    )
    first = plan(title="Yönetim kurulu", start=start, end=start + datetime.timedelta(hours=2))
    plan(
        title="Çakışan toplantı", start=start + datetime.timedelta(minutes=30), end=start + datetime.timedelta(hours=1)
    )
    letter = make_letter(province, subject="İmza bekleyen yazı", process_code="3.15")
    flow = approval_actions.submit(actor=province.staff, target=letter)
    for user in (province.unit_head, province.chief):
        flow.refresh_from_db()
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    client = login(province.staff)
    page = client.get(reverse("meetings:agenda"), {"day": timezone.localdate(start).isoformat()}).content.decode()
    assert "Yönetim kurulu" in page and "Çakışan toplantı" in page
    assert "İmza bekleyen yazı" in page
    detail = client.get(reverse("meetings:detail", args=[first.pk])).content.decode()
    assert 'data-testid="conflicts"' in detail and "Çakışan toplantı" in detail


def test_the_ical_feed_holds_ones_own_meetings(province, plan, login):
    plan(title="Yönetim kurulu")
    response = login(province.director).get(reverse("meetings:ical"))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Y\xc3\xb6netim kurulu" in response.content


def test_the_lists_keep_a_constant_number_of_queries(province, plan, login, django_assert_max_num_queries):
    from pressdesk.meetings import actions

    for number in range(6):
        meeting = plan(title=f"Toplantı {number}")
        actions.add_decision(
            actor=province.staff, meeting=meeting, text="Karar", owner=province.hospital, due=timezone.localdate()
        )
    client = login(province.staff)
    for name in ("meetings:list", "meetings:decisions", "meetings:rooms"):
        client.get(reverse(name))
        with django_assert_max_num_queries(18):  # the page itself, and the navigation (one count per İşlerim provider)
            assert client.get(reverse(name)).status_code == 200
