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


def test_the_pdf_draws_the_charts_of_the_page_above_their_tables(province, world, client, login, real_pdf, tmp_path):
    import io
    import shutil
    import subprocess

    from docx import Document

    from pressdesk.reports import exports
    from pressdesk.reports.views import _statistics

    world.news("Şehir Hastanesi'nde çocuk servisi açıldı", sentiment="positive")
    world.news("Acil serviste uzun kuyruk", sentiment="negative")
    login(province.staff)
    request = client.get(reverse("reports:statistics"), {"period": "7"}).wsgi_request
    _form, stats = _statistics(request)
    charts = stats.charts()
    assert set(charts) == {
        "Zaman içinde haber hacmi",
        "Haberlerin tonu",
        "Kuruma göre haberler",
        "Yayın organına göre haberler",
    }
    assert all(png.startswith(b"\x89PNG") for png in charts.values())
    document = Document(io.BytesIO(exports.build_docx(stats)))
    assert len(document.inline_shapes) == 4

    response = client.get(reverse("reports:statistics_pdf"), {"period": "7"})
    assert response.status_code == 200
    tool = shutil.which("pdfimages")
    if tool:  # poppler-utils: the four charts are images of the PDF
        path = tmp_path / "istatistik.pdf"
        path.write_bytes(response.content)
        listing = subprocess.run([tool, "-list", str(path)], capture_output=True, text=True, check=True)  # noqa: S603
        kinds = [line.split()[2] for line in listing.stdout.strip().splitlines()[2:]]
        assert kinds.count("image") == 4
