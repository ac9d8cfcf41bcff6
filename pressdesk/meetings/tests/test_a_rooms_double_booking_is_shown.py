"""Issue 26, 3.16.3: a VTC room (or hall) booked twice at overlapping times is shown on the meeting."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.meetings import queries
from pressdesk.meetings.models import Meeting
from pressdesk.testing.meetings import make_meeting, make_room

pytestmark = pytest.mark.django_db


def test_an_overlapping_session_in_the_same_room_is_shown_and_a_cancelled_one_is_not(province, client):
    room = make_room(province, name="VTC Salonu")
    start = timezone.now() + datetime.timedelta(days=3)
    session = make_meeting(province, title="Bakanlık VTC", start=start, room=room)
    make_meeting(province, title="İl koordinasyon VTC", start=start + datetime.timedelta(minutes=30), room=room)
    make_meeting(province, title="İptal edilen", start=start, room=room, status=Meeting.Status.CANCELLED)
    make_meeting(province, title="Sonraki gün", start=start + datetime.timedelta(days=1), room=room)
    make_meeting(province, title="Kapalı oturum", start=start, room=room, closed=True)
    titles = [title for title, _start, _end in queries.room_bookings(session, province.staff2)]
    assert "İl koordinasyon VTC" in titles and len(titles) == 2
    assert not {"İptal edilen", "Sonraki gün", "Kapalı oturum"} & set(titles)  # the closed one by its kind only
    client.force_login(province.staff)
    page = client.get(reverse("meetings:detail", args=[session.pk])).content.decode()
    assert 'data-testid="room-bookings"' in page and "İl koordinasyon VTC" in page
