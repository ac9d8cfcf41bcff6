"""TV, radio and print clips without an address: same ingest, details and reach kept, files checked by content."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from pressdesk.monitoring import actions, clipmedia
from pressdesk.monitoring.models import ClipDetails, ClipFile, Item, Outlet, Source, WatchTerm
from pressdesk.monitoring.tests.clip_files import MP3_HEAD, MP4_HEAD, pdf_with_text
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.testing.factories import Province

pytestmark = pytest.mark.django_db

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
AIRED = datetime.datetime(2026, 12, 1, 19, 30, tzinfo=ISTANBUL)


@pytest.fixture
def province() -> Province:
    return Province()


@pytest.fixture
def tv() -> Outlet:
    return Outlet.objects.create(name="Körfez TV", kind=Outlet.Kind.TV, reach=80000)


def test_tv_item_with_a_clip_goes_through_ingest_once(province: Province, tv: Outlet) -> None:
    WatchTerm.objects.create(name="hastane", query="hastane")
    clip = SimpleUploadedFile("haber.mp4", MP4_HEAD, content_type="video/mp4")
    item = actions.add_broadcast_clip(
        actor=province.staff,
        outlet=tv,
        medium="tv",
        title="Akşam haberleri: şehir hastanesi",
        aired_at=AIRED,
        programme="Ana Haber",
        duration_seconds=150,
        summary="Yeni hastane bloğu tanıtıldı.",
        transcript="Spiker: hastane bugün açıldı.",
        reach=120000,
        archive_url="https://korfeztv.example/arsiv/123",
        media=clip,
        engines=STUB_ENGINES,
    )
    assert item.source.kind == Source.Kind.MANUAL
    assert item.source.organization == province.directorate
    assert item.matched and item.story_id
    assert item.url == ""
    assert "hastane bugün açıldı" in item.text
    details = ClipDetails.objects.get(item=item)
    assert (details.medium, details.programme, details.reach, details.duration_label) == (
        "tv",
        "Ana Haber",
        120000,
        "2:30",
    )
    assert ClipFile.objects.get(item=item).original_name == "haber.mp4"
    again = actions.add_broadcast_clip(
        actor=province.staff,
        outlet=tv,
        medium="tv",
        title="Akşam haberleri: şehir hastanesi",
        aired_at=AIRED,
        programme="Ana Haber",
        summary="Yeni hastane bloğu tanıtıldı.",
        engines=STUB_ENGINES,
    )
    assert again.pk == item.pk
    assert Item.objects.count() == ClipDetails.objects.count() == ClipFile.objects.count() == 1


def test_print_clip_text_is_read_from_its_pdf_scan(province: Province) -> None:
    paper = Outlet.objects.create(name="Bizim Gazete", kind=Outlet.Kind.LOCAL_NEWSPAPER)
    scan = SimpleUploadedFile("sayfa5.pdf", pdf_with_text("Sehir hastanesi acil servis genisletildi"))
    item = actions.add_broadcast_clip(
        actor=province.staff,
        outlet=paper,
        medium="print",
        title="Acil servis genişletildi",
        aired_at=AIRED,
        page="5",
        reach=15000,
        scan=scan,
        engines=STUB_ENGINES,
    )
    assert "acil servis genisletildi" in item.text
    assert item.clip_details.page == "5" and item.clip_details.reach == 15000


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("klip.mp4", b"<html><body>not a video</body></html>", "content"),
        ("klip.exe", MP4_HEAD, "type"),
        ("klip.mp4", b"MZ\x90\x00" + b"\x00" * 40, "content"),
    ],
)
def test_media_that_is_not_audio_or_video_is_refused(name: str, content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clipmedia.validate_media_upload(SimpleUploadedFile(name, content))
    assert caught.value.code == code


def test_a_one_gigabyte_clip_gets_a_clear_turkish_message() -> None:
    upload = SimpleUploadedFile("mac-ozeti.mp4", MP4_HEAD)
    upload.size = 1024**3
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        clipmedia.validate_media_upload(upload)
    message = caught.value.messages[0]
    assert caught.value.code == "size"
    assert "mac-ozeti.mp4" in message and "1,0" in message and "çok büyük" in message


def test_audio_kinds_are_recognised() -> None:
    assert clipmedia.media_kind(MP3_HEAD) == "audio"
    assert clipmedia.media_kind(MP4_HEAD) == "video"
    assert clipmedia.media_kind(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "audio"


def test_the_form_enters_a_radio_item_and_another_province_cannot_see_it(
    province: Province, tv: Outlet, client: object
) -> None:
    client.force_login(province.staff)  # type: ignore[attr-defined]
    response = client.post(  # type: ignore[attr-defined]
        reverse("monitoring:clip_broadcast"),
        {
            "medium": "radio",
            "outlet": tv.pk,
            "title": "Sabah kuşağında aşı kampanyası",
            "aired_on": "01.12.2026",
            "aired_time": "08:15",
            "duration": "4:05",
            "programme": "Güne Başlarken",
            "reach": "5000",
            "transcript": "Konuk hekim aşı takvimini anlattı.",
            "recording": SimpleUploadedFile("radyo.mp3", MP3_HEAD),
        },
    )
    assert response.status_code == 302, getattr(response, "context", {}) and response.context["form"].errors
    item = Item.objects.get()
    assert item.clip_details.duration_seconds == 245
    assert item.clip_details.aired_at == datetime.datetime(2026, 12, 1, 8, 15, tzinfo=ISTANBUL)
    client.force_login(province.outsider)  # type: ignore[attr-defined]
    assert client.get(reverse("monitoring:story_detail", args=[item.story_id])).status_code == 404  # type: ignore[attr-defined]
    file_id = ClipFile.objects.get().pk
    assert client.get(reverse("monitoring:clip_file", args=[file_id])).status_code == 404  # type: ignore[attr-defined]


def test_the_form_says_what_is_missing(province: Province, tv: Outlet, client: object) -> None:
    client.force_login(province.staff)  # type: ignore[attr-defined]
    response = client.post(  # type: ignore[attr-defined]
        reverse("monitoring:clip_broadcast"),
        {"medium": "print", "outlet": tv.pk, "title": "Boş", "aired_on": "01.12.2026", "duration": "iki dakika"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "duration" in form.errors
    assert form.non_field_errors()
    assert not Item.objects.exists()
