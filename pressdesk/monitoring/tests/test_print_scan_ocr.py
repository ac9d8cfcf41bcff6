"""Print clips' scans without text are read by Tesseract in the background, matched and alerted once."""

from __future__ import annotations

import datetime
import io
import shutil
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from pressdesk.monitoring import actions, clipmedia
from pressdesk.monitoring.models import ClipFile, Item, ItemMatch, Outlet, WatchTerm
from pressdesk.outbox.models import Message
from pressdesk.testing.factories import Province
from pressdesk.triage.models import Alert, AlertRule

pytestmark = pytest.mark.django_db

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
PRINTED = datetime.datetime(2026, 12, 2, 7, 0, tzinfo=ISTANBUL)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = ("Şehir Hastanesi ağız ve diş sağlığı", "polikliniği hizmete açıldı")


def scan(fmt: str = "PNG") -> bytes:
    """A clear page of Turkish newspaper text, as an image or an image-only PDF."""
    font = ImageFont.truetype(FONT, 48)
    page = Image.new("RGB", (1400, 320), "white")
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(LINES):
        draw.text((40, 60 + row * 110), line, font=font, fill="black")
    out = io.BytesIO()
    page.save(out, fmt, **({"resolution": 100} if fmt == "PDF" else {}))
    return out.getvalue()


@pytest.fixture
def province() -> Province:
    return Province()


@pytest.fixture
def paper() -> Outlet:
    return Outlet.objects.create(name="Kocaeli Gazetesi", kind=Outlet.Kind.LOCAL_NEWSPAPER)


def add_print_clip(province: Province, paper: Outlet, upload: SimpleUploadedFile) -> Item:
    return actions.add_broadcast_clip(
        actor=province.staff,
        outlet=paper,
        medium="print",
        title="Gazete sayfası",
        aired_at=PRINTED,
        page="5",
        summary="Yerel haberler sayfası.",
        scan=upload,
    )


def test_an_image_scan_is_read_in_the_background_matched_and_alerted_once(
    province: Province, paper: Outlet, login, django_capture_on_commit_callbacks
) -> None:
    term = WatchTerm.objects.create(name="Ağız ve diş", query='"ağız ve diş"')
    rule = AlertRule.objects.create(name="Ağız ve diş sağlığı", organization=province.directorate)
    rule.terms.set([term])
    rule.recipients.set([province.unit_head])
    upload = SimpleUploadedFile("sayfa5.png", scan("PNG"), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        item = add_print_clip(province, paper, upload)
        clip_file = ClipFile.objects.get(item=item)
        assert clip_file.ocr_status == ClipFile.OcrStatus.WAITING
        assert Message.objects.filter(task="pressdesk.monitoring.tasks.ocr_clip_file").count() == 1
        assert not item.matched  # the scan's words are not known yet
    assert callbacks  # the task went through the outbox after the clip was saved
    clip_file.refresh_from_db()
    item.refresh_from_db()
    assert clip_file.ocr_status == ClipFile.OcrStatus.DONE, clip_file.ocr_note
    assert "Şehir Hastanesi ağız ve diş sağlığı" in item.text
    assert item.text.startswith("Yerel haberler sayfası.")
    assert item.matched and ItemMatch.objects.filter(item=item, term=term).exists()
    assert Alert.objects.filter(rule=rule, story=item.story).count() == 1

    # A second delivery of the task reads nothing again; a forced re-read raises no second alert.
    assert actions.run_clip_ocr(clip_file_id=clip_file.pk).ocr_status == ClipFile.OcrStatus.DONE
    ClipFile.objects.filter(pk=clip_file.pk).update(ocr_status=ClipFile.OcrStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        actions.run_clip_ocr(clip_file_id=clip_file.pk)
    assert Alert.objects.filter(rule=rule).count() == 1
    assert ItemMatch.objects.filter(item=item, term=term).count() == ItemMatch.objects.filter(item=item).count()

    page = login(province.staff).get(reverse("monitoring:story_detail", args=[item.story_id])).content.decode()
    assert 'data-ocr="done"' in page and "Metin okundu" in page


def test_a_pdf_without_a_text_layer_is_read_page_by_page(province: Province, paper: Outlet) -> None:
    upload = SimpleUploadedFile("sayfa5.pdf", scan("PDF"), content_type="application/pdf")
    assert clipmedia.pdf_text(upload) == ""
    item = add_print_clip(province, paper, upload)
    clip_file = ClipFile.objects.get(item=item)
    assert clip_file.ocr_status == ClipFile.OcrStatus.WAITING
    actions.run_clip_ocr(clip_file_id=clip_file.pk)
    clip_file.refresh_from_db()
    item.refresh_from_db()
    assert clip_file.ocr_status == ClipFile.OcrStatus.DONE, clip_file.ocr_note
    assert "ağız ve diş sağlığı" in item.text and "polikliniği" in item.text


def test_a_pdf_with_text_needs_no_ocr(province: Province, paper: Outlet) -> None:
    from pressdesk.monitoring.tests.clip_files import pdf_with_text

    upload = SimpleUploadedFile("sayfa6.pdf", pdf_with_text("Hastane haberi"), content_type="application/pdf")
    item = add_print_clip(province, paper, upload)
    assert ClipFile.objects.get(item=item).ocr_status == ClipFile.OcrStatus.NONE
    assert not Message.objects.filter(task="pressdesk.monitoring.tasks.ocr_clip_file").exists()


def test_without_tesseract_the_clip_is_kept_and_says_why(
    province: Province, paper: Outlet, login, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "tesseract" else real_which(name))
    upload = SimpleUploadedFile("sayfa5.jpg", scan("JPEG"), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        item = add_print_clip(province, paper, upload)
    clip_file = ClipFile.objects.get(item=item)
    item.refresh_from_db()
    assert clip_file.ocr_status == ClipFile.OcrStatus.FAILED
    assert "Tesseract" in clip_file.ocr_note and "kurulu değil" in clip_file.ocr_note
    assert item.text == "Yerel haberler sayfası."
    page = login(province.staff).get(reverse("monitoring:story_detail", args=[item.story_id])).content.decode()
    assert 'data-ocr="failed"' in page and "Metin okunamadı" in page


def test_the_page_limit_is_kept(tmp_path, settings) -> None:
    pages = [Image.open(io.BytesIO(scan("PNG"))).convert("RGB") for _ in range(3)]
    path = tmp_path / "uc-sayfa.pdf"
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=100)
    text = clipmedia.ocr_text(str(path), max_pages=2)
    assert text.count("Şehir Hastanesi") == 2


def test_the_form_says_the_scan_is_being_read(province: Province, paper: Outlet, login) -> None:
    client = login(province.staff)
    response = client.post(
        reverse("monitoring:clip_broadcast"),
        {
            "medium": "print",
            "outlet": paper.pk,
            "title": "Gazete sayfası",
            "aired_on": "01.12.2026",
            "page": "5",
            "scan": SimpleUploadedFile("sayfa5.webp", scan("WEBP"), content_type="image/webp"),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Taramanın metni okunuyor" in page
    assert 'data-ocr="waiting"' in page and "Okunmayı bekliyor" in page
    assert ClipFile.objects.get().ocr_status == ClipFile.OcrStatus.WAITING  # the task waits for the commit


def test_a_hand_typed_clip_with_a_scan_is_read_in_the_background_too(
    province: Province, paper: Outlet, django_capture_on_commit_callbacks
) -> None:
    term = WatchTerm.objects.create(name="Ağız ve diş", query='"ağız ve diş"')
    upload = SimpleUploadedFile("kupur.jpg", scan("JPEG"), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        item = actions.add_clip_by_hand(
            actor=province.staff, outlet=paper, title="Gazete kupürü", published_at=PRINTED, text="Elle yazılan not."
        )
        assert not ClipFile.objects.filter(item=item).exists()
        item = actions.add_clip_by_hand(
            actor=province.staff,
            outlet=paper,
            title="Gazete kupürü 2",
            published_at=PRINTED,
            text="Elle yazılan not.",
            upload=upload,
        )
        clip_file = ClipFile.objects.get(item=item)
        assert clip_file.ocr_status == ClipFile.OcrStatus.WAITING
        assert Message.objects.filter(task="pressdesk.monitoring.tasks.ocr_clip_file").count() == 1
    assert callbacks  # through the outbox, once the clip was saved
    clip_file.refresh_from_db()
    item.refresh_from_db()
    assert clip_file.ocr_status == ClipFile.OcrStatus.DONE, clip_file.ocr_note
    assert item.text.startswith("Elle yazılan not.") and "ağız ve diş sağlığı" in item.text
    assert ItemMatch.objects.filter(item=item, term=term).exists()


def test_a_hand_typed_clip_with_a_text_pdf_or_a_document_needs_no_ocr(province: Province, paper: Outlet) -> None:
    from pressdesk.monitoring.tests.clip_files import pdf_with_text

    for name, body in (("metin.pdf", pdf_with_text("Hastane haberi")), ("not.txt", b"Hastane haberi")):
        item = actions.add_clip_by_hand(
            actor=province.staff,
            outlet=paper,
            title=f"Kupür {name}",
            published_at=PRINTED,
            text="Not.",
            upload=SimpleUploadedFile(name, body),
        )
        assert ClipFile.objects.get(item=item).ocr_status == ClipFile.OcrStatus.NONE
    assert not Message.objects.filter(task="pressdesk.monitoring.tasks.ocr_clip_file").exists()
