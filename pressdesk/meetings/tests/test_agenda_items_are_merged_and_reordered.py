"""3.15.3: the secretariat merges a request into an item already on the agenda (it does not become
an item of its own) and moves the items up and down with the buttons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.meetings import queries
from pressdesk.meetings.models import AgendaRequest
from pressdesk.testing.meetings import make_meeting, make_request

pytestmark = pytest.mark.django_db


def _topics(meeting):
    return [item.topic for item in queries.agenda_of(meeting)]


def test_a_request_merged_into_an_item_is_not_an_item_of_its_own(province, login):
    meeting = make_meeting(province)
    first = make_request(meeting, province.affiliate, "Acil servis yoğunluğu")
    second = make_request(meeting, province.staff2, "Acil serviste bekleme süreleri")
    client = login(province.staff)
    client.post(reverse("meetings:request_decide", args=[first.pk]), {"decision": "accept"})
    # Merging needs an item already on the agenda.
    client.post(reverse("meetings:request_decide", args=[second.pk]), {"decision": "merge"})
    assert AgendaRequest.objects.get(pk=second.pk).status == AgendaRequest.Status.PENDING
    client.post(reverse("meetings:request_decide", args=[second.pk]), {"decision": "merge", "merge_into": first.pk})
    second.refresh_from_db()
    assert second.status == AgendaRequest.Status.MERGED and second.merged_into == first
    assert _topics(meeting) == ["Acil servis yoğunluğu"]


def test_items_move_up_and_down(province, login):
    meeting = make_meeting(province)
    client = login(province.staff)
    for topic in ("Bir", "İki", "Üç"):
        item = make_request(meeting, province.staff2, topic)
        client.post(reverse("meetings:request_decide", args=[item.pk]), {"decision": "accept"})
    assert _topics(meeting) == ["Bir", "İki", "Üç"]
    third = AgendaRequest.objects.get(meeting=meeting, topic="Üç")
    client.post(reverse("meetings:request_move", args=[third.pk]), {"direction": "up"})
    assert _topics(meeting) == ["Bir", "Üç", "İki"]
    first = AgendaRequest.objects.get(meeting=meeting, topic="Bir")
    client.post(reverse("meetings:request_move", args=[first.pk]), {"direction": "down"})
    assert _topics(meeting) == ["Üç", "Bir", "İki"]
    # The first item cannot move further up; the order is kept.
    client.post(reverse("meetings:request_move", args=[third.pk]), {"direction": "up"})
    assert _topics(meeting) == ["Üç", "Bir", "İki"]
    assert [item.position for item in queries.agenda_of(meeting)] == [1, 2, 3]
