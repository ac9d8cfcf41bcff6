"""Sample records of events for tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pressdesk.events.models import Event, Hall


def make_hall(province: Any, name: str = "Konferans salonu", capacity: int = 120) -> Hall:
    return Hall.objects.create(organization=province.directorate, name=name, capacity=capacity)


def make_event(
    province: Any, *, title: str = "Hastane açılışı", start: datetime.datetime | None = None, **fields: Any
) -> Event:
    start = start or timezone.now() + datetime.timedelta(days=7)
    event = Event.objects.create(
        organization=fields.pop("organization", province.unit),
        kind=fields.pop("kind", "opening"),
        title=title,
        start=start,
        end=fields.pop("end", start + datetime.timedelta(hours=2)),
        address=fields.pop("address", "Kocaeli Şehir Hastanesi"),
        created_by=fields.pop("created_by", province.staff),
        **fields,
    )
    event.attendees.add(province.director)
    return event
