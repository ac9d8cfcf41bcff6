"""The statistics as PDF (LibreOffice): a real PDF with the Turkish names in it."""

from django.urls import reverse

from pressdesk.reports.tests.conftest import pdf_text


def test_pdf_export(province, world, client, login, real_pdf, tmp_path):
    world.news("Şehir Hastanesi'nde çocuk servisi açıldı", sentiment="positive")
    login(province.staff)
    response = client.get(reverse("reports:statistics_pdf"), {"period": "7"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Şehir" in text  # the institution (its cell may wrap)
    assert "Özet" in text
    assert "Bizim" in text  # the outlet
    assert "Yerel gazete" in text  # its type, in Turkish
