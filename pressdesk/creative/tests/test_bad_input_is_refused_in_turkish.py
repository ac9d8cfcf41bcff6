from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from pressdesk.creative import actions
from pressdesk.creative.models import Asset, DesignRequest
from pressdesk.testing.creative import make_asset, png_upload

pytestmark = pytest.mark.django_db


def _accepted(province, brief):
    request = brief()
    return actions.decide_request(actor=province.staff, request=request, decision="accept", designer=province.staff)


def test_a_brief_with_no_size_is_refused_and_kept(province, client, login):
    login(province.requester)
    response = client.post(
        reverse("creative:create"),
        {
            "kind": "poster",
            "title": "Afiş",
            "purpose": "Duyuru",
            "medium": "print",
            "quantity": "1",
            "deadline": "2099-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="tr",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "boyutunu veya biçimini" in body
    assert 'value="Afiş"' in body  # nothing typed is lost
    assert not DesignRequest.objects.exists()


def test_a_past_deadline_and_a_decline_without_reason_are_refused(province, brief):
    with pytest.raises(ValidationError):
        brief(deadline=timezone.localdate() - datetime.timedelta(days=1))
    request = brief()
    with pytest.raises(ValidationError):
        actions.decide_request(actor=province.staff, request=request, decision="decline")


def test_a_file_renamed_to_png_is_refused(province, brief):
    request = _accepted(province, brief)
    fake = SimpleUploadedFile("afis.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        actions.upload_version(actor=province.staff, request=request, upload=fake)
    assert "PNG, JPEG, PDF veya SVG" in caught.value.messages[0]


def test_an_svg_with_a_script_is_refused(province, brief):
    request = _accepted(province, brief)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="5" height="5"/></svg>'
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        actions.upload_version(actor=province.staff, request=request, upload=SimpleUploadedFile("a.svg", svg))
    assert "betik" in caught.value.messages[0]
    clean = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'
    version = actions.upload_version(actor=province.staff, request=request, upload=SimpleUploadedFile("b.svg", clean))
    assert version.content_type == "image/svg+xml"


@override_settings(CREATIVE_VIDEO_MAX_BYTES=1024)
def test_a_too_large_video_is_refused(province):
    video = SimpleUploadedFile("film.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2048)
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        actions.add_asset(actor=province.staff, upload=video, kind="video", title="Tanıtım filmi")
    assert "sınır" in caught.value.messages[0]


def test_a_photo_without_consent_cannot_be_published(province):
    restricted = make_asset(province, consent=Asset.Consent.NOT_FOR_PUBLICATION, title="Hasta ile fotoğraf")
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        actions.assert_publishable(restricted)
    assert "Yayımlanamaz" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        make_asset(province, consent=Asset.Consent.ON_FILE)
    actions.assert_publishable(make_asset(province))


def test_a_drafts_svg_and_pdf_are_served_as_attachments(province, brief, client, login):
    request = _accepted(province, brief)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'
    version = actions.upload_version(actor=province.staff, request=request, upload=SimpleUploadedFile("b.svg", svg))
    login(province.requester)
    response = client.get(reverse("creative:version_file", args=[version.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    actions.make_preview(version_id=version.pk)
    preview = client.get(reverse("creative:version_preview", args=[version.pk]))
    assert preview["Content-Type"] == "image/jpeg"
    assert png_upload()  # the helper stays importable for the other tests
