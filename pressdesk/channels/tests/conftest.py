from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
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
def photo(tmp_path: Path) -> MediaFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(buffer, "JPEG")
    path = tmp_path / "asi-haftasi.jpg"
    path.write_bytes(buffer.getvalue())
    return MediaFile(path=path, content_type="image/jpeg", alt_text="Aşı standı")
