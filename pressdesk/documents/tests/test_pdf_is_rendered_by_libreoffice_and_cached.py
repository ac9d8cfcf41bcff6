"""The PDF is the DOCX converted by LibreOffice; a second download comes from the cache."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from pressdesk.documents.rendering import pdf as pdf_module
from pressdesk.documents.rendering import render_pdf

pytestmark = pytest.mark.django_db

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def _text(data, tmp_path):
    if shutil.which("pdftotext") is None:
        return data.decode("latin-1")
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)  # noqa: S603, S607
    return result.stdout


@needs_soffice
def test_pdf_download_contains_the_letter(province, client, login, make_letter, tmp_path, monkeypatch):
    letter = make_letter(subject="Şehir hastanesi haberi hakkında bilgi notu")
    login(province.staff)
    response = client.get(reverse("documents:pdf", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = _text(response.content, tmp_path)
        assert "Sayı" in text
        assert "Şehir hastanesi haberi hakkında" in text
        assert "KOCAELİ VALİLİĞİ" in text
        assert re.search(r"\b1\s*/\s*1\b", text)

    # The second download does not run LibreOffice again.
    def no_conversion(_docx):
        raise AssertionError("converted again instead of using the cache")

    monkeypatch.setattr(pdf_module, "convert_docx_to_pdf", no_conversion)
    again = client.get(reverse("documents:pdf", args=[letter.pk]))
    assert again.content == response.content


def test_changed_letter_is_rendered_again(make_letter, monkeypatch):
    calls = []

    def fake_conversion(docx):
        calls.append(docx)
        return b"%PDF-1.7 fake " + str(len(calls)).encode()

    monkeypatch.setattr(pdf_module, "convert_docx_to_pdf", fake_conversion)
    letter = make_letter()
    first = render_pdf(letter)
    assert render_pdf(letter) == first
    assert len(calls) == 1
    letter.subject = "Başka bir konu"
    letter.save()
    assert render_pdf(letter) != first
    assert len(calls) == 2


def test_missing_libreoffice_gives_a_clear_message(province, client, login, make_letter, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda _name: None)
    letter = make_letter()
    login(province.staff)
    response = client.get(reverse("documents:pdf", args=[letter.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("documents:detail", args=[letter.pk])
    assert "LibreOffice (soffice) is not installed" in response.content.decode()
