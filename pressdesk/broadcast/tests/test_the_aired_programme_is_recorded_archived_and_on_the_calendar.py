"""Issue 27, 1.2.4 and 7: after airing, the recording (audio/video by content, size-limited) and the
programme as a media item of its outlet in the monitoring archive; the month/list calendar."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pressdesk.broadcast import actions
from pressdesk.broadcast.models import BroadcastRequest
from pressdesk.monitoring.models import Item
from pressdesk.testing.broadcast import make_request

pytestmark = pytest.mark.django_db

Status = BroadcastRequest.Status
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 200
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200


def _sent(province, **extra):
    """A request whose permit letter went out and whose programme started two hours ago."""
    return make_request(
        province,
        status=Status.PERMIT_SENT,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        **extra,
    )


def test_it_aired_with_a_recording_and_is_an_item_of_the_outlet_in_the_archive(province, client):
    request = _sent(province)
    recording = SimpleUploadedFile("yayin.mp3", MP3, content_type="audio/mpeg")
    request = actions.record_aired(
        actor=province.staff, request=request, aired_minutes=38, evaluation="Mesajlar verildi.", recording=recording
    )
    request.refresh_from_db()
    assert request.status == Status.AIRED and request.recording_name == "yayin.mp3"
    item = Item.objects.get(pk=request.archive_item_id)
    assert item.source.outlet_id == request.outlet_id
    assert "Sağlık Saati" in item.title
    client.force_login(province.staff)
    page = client.get(reverse("broadcast:detail", args=[request.pk])).content.decode()
    assert 'data-testid="broadcast-archive"' in page and "yayin.mp3" in page
    response = client.get(reverse("broadcast:recording", args=[request.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"ID3")
    # Replacing the recording later (a video this time) keeps the single archive item.
    video = SimpleUploadedFile("yayin.mp4", MP4, content_type="video/mp4")
    response = client.post(reverse("broadcast:recording", args=[request.pk]), {"recording": video})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.recording_name == "yayin.mp4"
    assert Item.objects.filter(title=item.title).count() == 1
    # Another province sees neither the request nor its recording.
    client.force_login(province.outsider)
    assert client.get(reverse("broadcast:recording", args=[request.pk])).status_code == 404


def test_a_link_only_broadcast_is_archived_too(province):
    request = actions.record_aired(actor=province.staff, request=_sent(province), aired_url="https://tv.example/izle/9")
    request.refresh_from_db()
    assert Item.objects.get(pk=request.archive_item_id).url == "https://tv.example/izle/9"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("yayin.exe", b"MZ\x90\x00", "ses veya video dosyası değil"),
        ("yayin.mp4", b"%PDF-1.4 not a video at all", "içeriği adıyla uyuşmuyor"),
        ("yayin.mp3", MP3, "çok büyük"),
    ],
)
def test_a_recording_that_is_not_audio_or_video_or_too_large_is_refused_in_turkish(
    province, settings, name, content, message
):
    settings.REQUEST_MAX_BYTES = 100
    request = _sent(province)
    with translation.override("tr"), pytest.raises(ValidationError) as refused:
        actions.record_aired(actor=province.staff, request=request, recording=SimpleUploadedFile(name, content))
    assert message in " ".join(refused.value.messages)
    request.refresh_from_db()
    assert request.status == Status.PERMIT_SENT and not request.recording and request.archive_item_id is None


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_calendar_shows_the_months_requests_and_appearances_as_a_grid_and_a_list(province, client):
    soon = make_request(province, programme="Sabah Kuşağı")
    aired = _sent(province, programme="Akşam Haberleri")
    client.force_login(province.staff)
    for item in (soon, aired):
        local = timezone.localtime(item.starts_at)
        url = reverse("broadcast:calendar") + f"?month={local.year}-{local.month:02d}"
        page = client.get(url).content.decode()
        assert item.programme in page and 'data-testid="broadcast-calendar"' in page
        listed = client.get(url + "&view=list").content.decode()
        assert item.programme in listed and local.strftime("%d.%m.%Y") in listed
    # A constant number of queries, however many programmes the month has.
    local = timezone.localtime(soon.starts_at)
    url = reverse("broadcast:calendar") + f"?month={local.year}-{local.month:02d}"
    before = _queries(client, url)
    for n in range(6):
        make_request(province, programme=f"Program {n}", starts_at=soon.starts_at + datetime.timedelta(hours=n + 1))
    assert _queries(client, url) == before
    assert _queries(client, url + "&view=list") == before
    client.force_login(province.outsider)
    page = client.get(reverse("broadcast:calendar") + f"?month={local.year}-{local.month:02d}").content.decode()
    assert "Sabah Kuşağı" not in page
    assert client.get(reverse("broadcast:calendar") + "?month=bozuk").status_code == 200
