"""A clip with no usable address, typed in (with an optional file); a failed clip-by-address falls back to it."""

from __future__ import annotations

import datetime
import functools
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pressdesk.monitoring import actions, fetching
from pressdesk.monitoring.models import ClipFile, ClipRequest, Item, ItemMatch, Source, WatchTerm
from pressdesk.monitoring.tests.conftest import LOCAL
from pressdesk.monitoring.tests.factories import OutletFactory
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:clip_manual")
ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
PAYWALL = (
    "<html lang='tr'><head><title>Şehir Hastanesi'nde yoğunluk - Kocaeli Gazetesi</title>"
    "<meta property='og:title' content=\"Şehir Hastanesi'nde yoğunluk\">"
    "<meta property='og:site_name' content='Kocaeli Gazetesi'>"
    "<meta property='article:published_time' content='2026-11-30T08:15:00+03:00'>"
    "</head><body></body></html>"  # the article is loaded by the subscriber's browser
)


def _form(outlet, **extra):
    data = {
        "outlet": outlet.pk,
        "title": "Şehir Hastanesi'nde yoğun bakım genişletildi",
        "published_on": "2026-11-30",
        "text": "Kocaeli Şehir Hastanesi'nde yoğun bakım yatakları 40'a çıktı.",
    }
    data.update(extra)
    return data


def test_a_typed_clip_is_stored_in_the_provinces_manual_source_and_matched(province, login) -> None:
    term = WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"', province=province.directorate)
    outlet = OutletFactory(name="Kocaeli Gazetesi (basılı)")
    response = login(province.staff).post(URL, _form(outlet))
    item = Item.objects.get()
    assert response.status_code == 302 and response.url == reverse("monitoring:story_detail", args=[item.story_id])
    assert item.source.kind == Source.Kind.MANUAL and item.source.organization == province.directorate
    assert item.outlet == outlet and item.url == "" and item.created_by == province.staff
    assert item.published_at == datetime.datetime(2026, 11, 30, tzinfo=ISTANBUL)
    assert item.matched and ItemMatch.objects.filter(item=item, term=term).count() == 2  # title and text
    story = login(province.staff).get(response.url).content.decode()
    assert "yoğun bakım yatakları" in story  # a typed clip shows its text


def test_a_file_is_checked_kept_and_served_only_to_the_province(province, login) -> None:
    outlet = OutletFactory()
    upload = SimpleUploadedFile("sayfa.pdf", b"%PDF-1.4 taranmis sayfa", content_type="application/pdf")
    client = login(province.staff)
    response = client.post(URL, _form(outlet, text="", file=upload))
    assert response.status_code == 302
    stored = ClipFile.objects.get()
    assert stored.original_name == "sayfa.pdf" and stored.uploaded_by == province.staff
    story = client.get(response.url).content.decode()
    file_url = reverse("monitoring:clip_file", args=[stored.pk])
    assert file_url in story
    download = client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert login(province.outsider).get(file_url).status_code == 404
    assert login(province.affiliate).get(file_url).status_code == 403


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00program")}, "file", None),
        ({"file": SimpleUploadedFile("betik.exe", b"hello")}, "file", "kabul edilen bir belge türü değil"),
        ({"published_on": "2099-01-01"}, "published_on", "Yayın tarihi ileride olamaz."),
        ({"text": "   "}, "__all__", "Haberin metnini yazın ya da dosyasını ekleyin."),
        ({"title": ""}, "title", None),
        ({"url": "javascript:alert(1)"}, "url", None),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_stored(province, login, extra, field, message) -> None:
    response = login(province.staff).post(URL, _form(OutletFactory(), **extra))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in " ".join(errors[field])
    assert not Item.objects.exists() and not ClipFile.objects.exists()


def test_the_same_clip_typed_twice_is_one_item(province) -> None:
    outlet = OutletFactory()
    when = datetime.datetime(2026, 11, 30, tzinfo=ISTANBUL)
    first = actions.add_clip_by_hand(actor=province.staff, outlet=outlet, title="Aşı günü", published_at=when, text="a")
    again = actions.add_clip_by_hand(actor=province.staff, outlet=outlet, title="Aşı günü", published_at=when, text="a")
    assert first.pk == again.pk and Item.objects.count() == 1


def test_only_the_unit_may_type_a_clip(province, login) -> None:
    assert login(province.affiliate).get(URL).status_code == 403
    assert login(province.requester).post(URL, _form(OutletFactory())).status_code == 403
    assert not Item.objects.exists()


def test_an_unreadable_page_falls_back_to_the_form_with_what_could_be_read(province, login, server: FakeServer) -> None:
    server.serve("/haber/ucretli", PAYWALL.encode(), content_type="text/html")
    outlet = OutletFactory()
    clip = ClipRequest.objects.create(requested_by=province.staff, outlet=outlet, url=server.url("/haber/ucretli"))
    actions.run_clip_request(
        clip_request_id=clip.pk, fetch=functools.partial(fetching.fetch, allow_private_hosts=LOCAL)
    )
    clip.refresh_from_db()
    assert clip.status == ClipRequest.Status.FAILED
    assert clip.found["title"] == "Şehir Hastanesi'nde yoğunluk" and clip.found["published_on"] == "2026-11-30"
    client = login(province.staff)
    status = client.get(reverse("monitoring:clip_status", args=[clip.pk])).content.decode()
    fallback = f"{URL}?clip={clip.pk}"
    assert fallback in status
    form = client.get(fallback)
    page = form.content.decode()
    assert 'data-testid="clip-manual-fallback"' in page
    assert form.context["form"].initial == {
        "outlet": outlet.pk,
        "url": clip.url,
        "title": "Şehir Hastanesi'nde yoğunluk",
        "published_on": "2026-11-30",
        "text": "",
    }
    assert 'value="Şehir Hastanesi&#x27;nde yoğunluk"' in page
    # Someone else's clip request is not theirs to read.
    assert login(province.staff2).get(fallback).status_code == 404


def test_an_address_that_cannot_be_fetched_still_offers_the_form(province, login, server: FakeServer) -> None:
    # Nothing is served at /yok: the server answers 404.
    clip = ClipRequest.objects.create(requested_by=province.staff, outlet=OutletFactory(), url=server.url("/yok"))
    actions.run_clip_request(
        clip_request_id=clip.pk, fetch=functools.partial(fetching.fetch, allow_private_hosts=LOCAL)
    )
    clip.refresh_from_db()
    assert clip.status == ClipRequest.Status.FAILED and clip.found == {}
    form = login(province.staff).get(f"{URL}?clip={clip.pk}")
    assert form.context["form"].initial["url"] == clip.url and form.context["form"].initial["title"] == ""
