"""Sample records of events for tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pressdesk.events.models import Event, EventPhoto, Hall


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


def tiny_jpeg(color: str = "navy") -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), color).save(buffer, "JPEG")
    return buffer.getvalue()


def make_event_photo(province: Any, event: Event, *, in_press_kit: bool = True) -> EventPhoto:
    """A library asset (creative) attached to ``event`` as its photo, without the upload path."""
    from django.core.files.base import ContentFile

    from pressdesk.creative.models import Asset

    asset = Asset(
        organization=event.organization,
        kind=Asset.Kind.PHOTO,
        title=f"{event.title} (foto)",
        tags=f"etkinlik, etkinlik-{event.pk}",
        event=event.title,
        name="foto.jpg",
        content_type="image/jpeg",
        rendition_status=Asset.RenditionStatus.NONE,
        created_by=province.staff,
    )
    asset.file.save("foto.jpg", ContentFile(tiny_jpeg()), save=False)
    asset.save()
    return EventPhoto.objects.create(event=event, asset=asset, in_press_kit=in_press_kit)
