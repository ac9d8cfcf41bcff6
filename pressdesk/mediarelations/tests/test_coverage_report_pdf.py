"""The coverage report as a real PDF (LibreOffice): per release and per period, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations.models import Coverage, Delivery, Release, ReleaseItem
from pressdesk.monitoring.models import Item, Outlet, Source


@pytest.fixture
def real_pdf() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")


def pdf_text(data: bytes, tmp_path: Any) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)  # noqa: S603, S607
    return result.stdout


def _sent_release(province: Any, contacts: list[Any], outlets: dict[str, Outlet]) -> Release:
    now = timezone.now()
    release = Release.objects.create(
        province=province.directorate,
        organization=province.unit,
        title="Şehir Hastanesi'nde robotik cerrahi",
        status=Release.Status.SENT,
        sent_at=now,
        created_by=province.staff,
    )
    ReleaseItem.objects.create(release=release, title="Robotik cerrahi", text="İlk ameliyatlar yapıldı.")
    for contact in contacts[:2]:
        Delivery.objects.create(
            release=release,
            contact=contact,
            name=contact.name,
            email=contact.email,
            outlet_name=contact.outlet.name if contact.outlet else "",
            status=Delivery.Status.SENT,
            sent_at=now,
        )
    source = Source.objects.create(
        name="Gazete RSS", outlet=outlets["gazete"], organization=province.directorate, url="https://g.example/rss"
    )
    item = Item.objects.create(
        source=source,
        outlet=outlets["gazete"],
        url="https://g.example/robotik",
        identity_hash="pdf-1",
        title="Robotik cerrahiyle ilk ameliyatlar",
        text="KOCAELİ - İlk ameliyatlar yapıldı.",
        published_at=now,
        sentiment_suggested="positive",
    )
    Coverage.objects.create(release=release, item=item, similarity=0.8, kept_share=0.77)
    return release


def test_release_coverage_report_is_a_real_pdf(province, contacts, outlets, client, real_pdf, tmp_path):
    release = _sent_release(province, contacts, outlets)
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:release", args=[release.pk])).content.decode()
    assert reverse("mediarelations:release_report_pdf", args=[release.pk]) in page
    response = client.get(reverse("mediarelations:release_report_pdf", args=[release.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Basına yansıma raporu" in text
    assert "Şehir Hastanesi'nde robotik cerrahi" in text
    assert "Ayşe Gündoğdu" in text and "İsmail Çakır" in text  # to whom
    assert "ayse@" in text  # the unit sees the addresses (a narrow cell may wrap them)
    assert "Robotik cerrahiyle" in text  # the coverage found (its cell wraps)
    assert "%77" in text and "40.000" in text  # text kept, the outlet's reach
    assert "Olumlu" in text


def test_the_line_of_command_gets_the_pdf_without_addresses(province, contacts, outlets, client, real_pdf, tmp_path):
    release = _sent_release(province, contacts, outlets)
    client.force_login(province.director)
    response = client.get(reverse("mediarelations:release_report_pdf", args=[release.pk]))
    text = pdf_text(response.content, tmp_path)
    assert "Ayşe Gündoğdu" in text and "ayse@" not in text


def test_period_report_pdf(province, contacts, outlets, client, real_pdf, tmp_path):
    _sent_release(province, contacts, outlets)
    client.force_login(province.staff)
    today = timezone.localdate()
    response = client.get(
        reverse("mediarelations:report_pdf"), {"start": f"{today:%Y-%m-%d}", "end": f"{today:%Y-%m-%d}"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "1 releases sent" not in text  # Turkish
    assert "Kocaeli Gazetesi" in text and "Şehir Hastanesi'nde robotik cerrahi" in text


def test_another_province_gets_no_pdf(province, contacts, outlets, client):
    release = _sent_release(province, contacts, outlets)
    client.force_login(province.outsider)
    assert client.get(reverse("mediarelations:release_report_pdf", args=[release.pk])).status_code == 404
