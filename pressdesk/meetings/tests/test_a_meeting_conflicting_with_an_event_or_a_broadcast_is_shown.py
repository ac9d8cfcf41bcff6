"""The meeting page lists the chair's other entries of ``lib/agenda`` that overlap it: an event the
director attends and his TV/radio appearance at the same time are shown; one later is not."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pressdesk.broadcast.models import BroadcastRequest
from pressdesk.testing.broadcast import make_request as make_broadcast
from pressdesk.testing.events import make_event
from pressdesk.testing.meetings import make_meeting

pytestmark = pytest.mark.django_db


def _conflicts(client, meeting):
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    return response.context["conflicts"], response.content.decode()


def test_an_overlapping_event_and_broadcast_are_shown(province, login):
    meeting = make_meeting(province, title="Yönetim kurulu")
    make_event(province, title="Hastane açılışı", start=meeting.start + datetime.timedelta(minutes=30))
    make_broadcast(
        province,
        guest=province.director,
        programme="Sağlık Saati",
        starts_at=meeting.start - datetime.timedelta(minutes=15),
        duration_minutes=30,
        status=BroadcastRequest.SCHEDULED[0],
    )
    make_event(province, title="Sonraki gün", start=meeting.start + datetime.timedelta(days=1))
    conflicts, page = _conflicts(login(province.staff), meeting)
    assert sorted(entry.kind for entry in conflicts) == ["broadcast", "event"]
    assert 'data-testid="conflicts"' in page
    assert "Hastane açılışı" in page and "Sağlık Saati" in page
    assert "Sonraki gün" not in page


def test_no_conflict_no_warning(province, login):
    meeting = make_meeting(province)
    make_event(province, title="Ertesi gün", start=meeting.start + datetime.timedelta(days=1))
    conflicts, page = _conflicts(login(province.staff), meeting)
    assert conflicts == [] and 'data-testid="conflicts"' not in page
