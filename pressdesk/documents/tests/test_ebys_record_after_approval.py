"""The EBYS number, date and signed PDF are recorded only after approval, and only as a real PDF."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from pressdesk.documents import actions

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _pdf(name="imzali.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_recording_before_approval_is_refused(province, make_letter, approve):
    letter = make_letter()
    # The message is checked in English whatever an earlier test left active (alone, the default is Turkish).
    with translation.override("en"), pytest.raises(ValidationError, match="only after the letter is fully approved"):
        actions.record_ebys(
            actor=province.staff, letter=letter, ebys_number="E-12345678-010.06.02-4521",
            ebys_date=datetime.date(2026, 11, 20), signed_pdf=_pdf(),
        )  # fmt: skip
    approve(letter, steps=2)
    with pytest.raises(ValidationError):
        actions.record_ebys(
            actor=province.staff, letter=letter, ebys_number="E-1", ebys_date=datetime.date(2026, 11, 20),
            signed_pdf=_pdf(),
        )  # fmt: skip
    letter.refresh_from_db()
    assert letter.ebys_number == ""
    assert not letter.signed_pdf


def test_ebys_page_refuses_before_approval(province, client, login, make_letter):
    letter = make_letter()
    login(province.staff)
    response = client.post(
        reverse("documents:ebys", args=[letter.pk]),
        {"ebys_number": "E-12345678-010.06.02-4521", "ebys_date": "2026-11-20", "signed_pdf": _pdf()},
    )
    assert response.status_code == 200
    assert "only after the letter is fully approved" in response.content.decode()
    letter.refresh_from_db()
    assert letter.ebys_number == ""


@pytest.mark.parametrize(
    ("name", "content"),
    [("imzali.docx", PDF), ("imzali.pdf", b"PK\x03\x04 not a pdf"), ("imzali.pdf.exe", b"MZ\x90\x00")],
)
def test_a_file_that_is_not_a_pdf_is_refused(province, client, login, make_letter, approve, name, content):
    letter = make_letter()
    approve(letter)
    login(province.staff)
    response = client.post(
        reverse("documents:ebys", args=[letter.pk]),
        {"ebys_number": "E-12345678-010.06.02-4521", "ebys_date": "2026-11-20", "signed_pdf": _pdf(name, content)},
    )
    assert response.status_code == 200
    assert "is not a PDF file" in " ".join(response.context["form"].errors["signed_pdf"])
    letter.refresh_from_db()
    assert not letter.signed_pdf
    with pytest.raises(ValidationError):
        actions.record_ebys(
            actor=province.staff, letter=letter, ebys_number="E-1", ebys_date=datetime.date(2026, 11, 20),
            signed_pdf=_pdf(name, content),
        )  # fmt: skip


def test_approved_letter_records_number_date_and_signed_pdf(province, client, login, make_letter, approve):
    letter = make_letter()
    approve(letter)
    login(province.staff)
    response = client.post(
        reverse("documents:ebys", args=[letter.pk]),
        {"ebys_number": "E-12345678-010.06.02-4521", "ebys_date": "2026-11-20", "signed_pdf": _pdf()},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.ebys_number == "E-12345678-010.06.02-4521"
    assert letter.ebys_date == datetime.date(2026, 11, 20)
    assert letter.record_no == "4521"
    assert letter.sayi == "E-12345678-010.06.02-4521"
    assert letter.ebys_recorded_by == province.staff
    assert letter.ebys_recorded_at is not None
    download = client.get(reverse("documents:signed_pdf", args=[letter.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")


def test_signed_pdf_is_404_before_it_is_recorded(province, client, login, make_letter):
    letter = make_letter()
    login(province.staff)
    assert client.get(reverse("documents:signed_pdf", args=[letter.pk])).status_code == 404


def test_people_outside_the_unit_cannot_record(province, client, login, make_letter, approve):
    letter = make_letter()
    approve(letter)
    with pytest.raises(PermissionDenied):
        actions.record_ebys(
            actor=province.affiliate, letter=letter, ebys_number="E-1", ebys_date=datetime.date(2026, 11, 20),
            signed_pdf=_pdf(),
        )  # fmt: skip
