from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from pressdesk.channels.base import MediaFile
from pressdesk.testing.fake_channels import FakeBluesky, FakeMastodon


@pytest.fixture
def mastodon() -> Iterator[FakeMastodon]:
    with FakeMastodon() as server:
        yield server


@pytest.fixture
def bluesky() -> Iterator[FakeBluesky]:
    with FakeBluesky() as server:
        yield server


@pytest.fixture
def photo() -> MediaFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(buffer, "JPEG")
    name = default_storage.save("channels-test/asi-haftasi.jpg", ContentFile(buffer.getvalue()))
    return MediaFile(name=name, content_type="image/jpeg", alt_text="Aşı standı")
