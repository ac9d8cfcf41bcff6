"""The public press kit serves a photo without its EXIF (GPS position included), whether its web
size is made yet or not; the original with its EXIF stays in the asset library (issue 28)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from pressdesk.creative import actions as creative
from pressdesk.events import afterwards
from pressdesk.testing.creative import jpeg_with_gps, make_asset
from pressdesk.testing.events import make_event

pytestmark = pytest.mark.django_db


def _served(client: Any, event: Any, photo: Any) -> Image.Image:
    url = reverse("events:press_kit_photo", args=[afterwards.press_kit_key(event), photo.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    return Image.open(io.BytesIO(response.content))


def test_a_library_photo_with_gps_reaches_the_press_kit_without_it(province: Any, client: Any) -> None:
    event = make_event(province, start=timezone.now() - datetime.timedelta(hours=3))
    asset = make_asset(province, actor=province.staff, title="Açılış", upload=jpeg_with_gps("acilis.jpg"))
    with asset.file.open("rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).getexif().get(0x8825) is not None
    photo = afterwards.add_library_photo(actor=province.staff, event=event, asset_id=asset.pk)

    before = _served(client, event, photo)  # the web size is not made yet
    assert not before.getexif() and before.size == (1200, 800)
    creative.make_renditions(asset_id=asset.pk)
    after = _served(client, event, photo)  # the web size, made in the background
    assert not after.getexif() and after.size == (1200, 800)
    with asset.file.open("rb") as handle:  # the original is kept as it came
        assert Image.open(io.BytesIO(handle.read())).getexif().get(0x8825) is not None
