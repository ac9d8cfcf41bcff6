from __future__ import annotations

import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pressdesk.creative import actions
from pressdesk.creative.models import Asset
from pressdesk.testing.creative import png_bytes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed"),
]


@pytest.fixture
def clip(tmp_path) -> bytes:
    target = tmp_path / "klip.mp4"
    subprocess.run(  # noqa: S603
        [
            shutil.which("ffmpeg") or "/usr/bin/ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=2:size=320x240:rate=10",
            "-pix_fmt",
            "yuv420p",
            str(target),
        ],
        check=True,
        timeout=120,
    )
    return target.read_bytes()


def test_a_resumed_upload_joins_its_chunks_and_makes_poster_and_web_copy_once(
    province, client, login, clip, monkeypatch
):
    monkeypatch.setattr(actions, "VIDEO_CHUNK_BYTES", 4096)
    login(province.staff)
    started = client.post(
        reverse("creative:video_start"), {"title": "Aşı tanıtım filmi", "name": "film.mp4", "size": len(clip)}
    )
    token = started.json()["token"]
    url = reverse("creative:video_chunk", args=[token])
    offset = 0
    while offset < len(clip):
        piece = clip[offset : offset + 4096]
        answer = client.post(f"{url}?offset={offset}", piece, content_type="application/octet-stream")
        assert answer.status_code == 200, answer.content
        if offset == 4096:  # the connection broke after this chunk: the browser asks and repeats it
            assert client.get(url).json()["received"] == 8192
            client.post(f"{url}?offset={offset}", piece, content_type="application/octet-stream")
        offset = answer.json()["received"]
    finished = client.post(reverse("creative:video_finish", args=[token]))
    assert finished.status_code == 200, finished.content
    asset = Asset.objects.get(kind="video")
    with asset.file.open("rb") as handle:
        assert handle.read() == clip
    assert actions.make_renditions(asset_id=asset.pk) == 4  # the task the outbox queues on commit
    asset.refresh_from_db()
    assert (asset.rendition_status, asset.rendition_progress) == ("done", 100)
    assert asset.web_video
    assert set(asset.renditions.values_list("size", flat=True)) == {"poster", "thumb", "web"}
    assert actions.make_renditions(asset_id=asset.pk) == 0  # never twice
    Asset.objects.filter(pk=asset.pk).update(rendition_status="running")  # a worker restarted mid-way
    assert actions.make_renditions(asset_id=asset.pk) == 0
    assert client.get(reverse("creative:asset_video", args=[asset.pk]))["Content-Type"] == "video/mp4"


def test_a_too_large_or_fake_video_is_refused_in_turkish(province, client, login):
    login(province.staff)
    with translation.override("tr"):
        too_large = client.post(
            reverse("creative:video_start"),
            {"title": "Film", "name": "film.mp4", "size": 2 * 1024**3},
            HTTP_ACCEPT_LANGUAGE="tr",
        )
    assert too_large.status_code == 400
    assert "sınır" in too_large.json()["error"]
    upload = actions.start_video_upload(actor=province.staff, title="Film", name="film.mp4", size=100)
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        actions.receive_chunk(actor=province.staff, upload=upload, offset=0, data=png_bytes()[:100])
    assert "video değil" in caught.value.messages[0]
    other = client.get(reverse("creative:video_chunk", args=[upload.token]))
    assert other.status_code == 200
    login(province.staff2)
    assert client.get(reverse("creative:video_chunk", args=[upload.token])).status_code == 404
