"""Sample records of the director's office for tests (meetings, decisions, VTC rooms)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pressdesk.meetings.models import AgendaRequest, Decision, Meeting, Participant, VtcRoom


def make_meeting(
    province: Any, *, title: str = "Koordinasyon toplantısı", start: datetime.datetime | None = None, **fields: Any
) -> Meeting:
    start = start or timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        organization=fields.pop("organization", province.unit),
        title=title,
        kind=fields.pop("kind", "coordination"),
        start=start,
        end=start + datetime.timedelta(hours=1),
        place=fields.pop("place", "Toplantı salonu"),
        chair=province.director,
        agenda_deadline=start - datetime.timedelta(days=2),
        created_by=fields.pop("created_by", province.staff),
        **fields,
    )
    Participant.objects.create(meeting=meeting, user=province.director, signs=True)
    Participant.objects.create(meeting=meeting, institution=province.other_hospital, signs=True)
    return meeting


def make_request(meeting: Meeting, user: Any, topic: str = "Acil servis yoğunluğu") -> AgendaRequest:
    return AgendaRequest.objects.create(meeting=meeting, topic=topic, presenter="Başhekim", requested_by=user)


def make_decision(
    meeting: Meeting, owner: Any, user: Any, number: int = 1, text: str = "Rapor hazırlanacak"
) -> Decision:
    return Decision.objects.create(
        meeting=meeting, number=number, text=text, owner=owner, due=timezone.localdate(), created_by=user
    )


def make_room(province: Any, name: str = "VTC salonu") -> VtcRoom:
    return VtcRoom.objects.create(organization=province.unit, name=name, connection="10.0.0.1")
