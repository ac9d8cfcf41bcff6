"""Only participants and the secretariat see a meeting; a closed one only its organiser, chair and
participants (other unit staff see the director busy, nothing more); the second province nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pressdesk.lib import agenda
from pressdesk.meetings import queries
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


def test_an_open_meeting_is_seen_by_the_unit_and_its_participants_only(province, plan, login):
    meeting = plan(institutions=[province.other_hospital])
    for user in (province.staff, province.staff2, province.unit_head, province.director, province.other_affiliate):
        assert login(user).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200, user
    for user in (province.affiliate, province.requester):
        assert login(user).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404, user


def test_a_closed_meeting_hides_its_content_from_other_unit_staff(province, plan, login):
    meeting = plan(closed=True, users=[province.unit_head], institutions=[])
    assert login(province.unit_head).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    client = login(province.staff2)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert meeting.title not in client.get(reverse("meetings:list")).content.decode()
    # The director's agenda shows the other staff that he is busy, not what the meeting is.
    start, end = agenda.day_bounds(meeting.start.date() - datetime.timedelta(days=1))
    entries = agenda.entries_for(
        province.director, viewer=province.staff2, start=start, end=end + datetime.timedelta(days=3)
    )
    [entry] = [e for e in entries if e.uid == f"meeting-{meeting.pk}@pressdesk"]
    assert entry.private and meeting.title not in entry.title and entry.url == ""


def test_the_second_province_sees_nothing(province, plan, login):
    second = SecondProvince(province)
    meeting = plan()
    for user in (second.staff, second.unit_head, second.director, second.affiliate):
        client = login(user)
        assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
        assert meeting.title not in client.get(reverse("meetings:list")).content.decode()
        assert not queries.meetings_visible_to(user).exists()


def test_a_closed_meetings_minutes_keep_a_neutral_title_in_the_approval_lists(province, plan, sign):
    from pressdesk.meetings import actions

    meeting = plan(closed=True, title="Gizli disiplin konusu", institutions=[])
    actions.save_minutes(
        actor=province.staff,
        meeting=meeting,
        notes="",
        attended=[p.pk for p in meeting.participants.all()],
        item_notes={},
    )
    flow = actions.submit_minutes(actor=province.staff, meeting=meeting)
    assert "Gizli" not in flow.title


def test_a_closed_meetings_minutes_open_on_the_approvals_page_only_for_those_who_may_read_them(province, plan, login):
    """The approvals page honours the minutes' own visibility: other unit staff get 404, the chain does not."""
    from pressdesk.meetings import actions

    meeting = plan(closed=True, title="Gizli disiplin konusu", users=[], institutions=[])
    actions.save_minutes(
        actor=province.staff,
        meeting=meeting,
        notes="Gizli görüşme notu",
        attended=[p.pk for p in meeting.participants.all()],
        item_notes={},
    )
    flow = actions.submit_minutes(actor=province.staff, meeting=meeting)
    url = reverse("approvals:detail", args=[flow.pk])
    assert login(province.staff2).get(url).status_code == 404
    assert login(province.staff).get(url).status_code == 200  # the author
    current = flow.steps.get(status="current")
    holder = {"unit_head": province.unit_head, "chief": province.chief, "director": province.director}[current.role]
    assert login(holder).get(url).status_code == 200  # the step waits for them
