"""The staff list import: a per-row report in Turkish, nothing half-imported, numbers in one form."""

from __future__ import annotations

import pytest
from django.utils import translation

from pressdesk.sms import actions
from pressdesk.sms.models import Contact
from pressdesk.sms.tests.conftest import STAFF_CSV, upload

pytestmark = pytest.mark.django_db


def test_a_good_file_is_imported_with_numbers_normalised(province):
    report = actions.import_contacts(actor=province.staff, upload=upload())
    assert report.ok
    assert sorted(Contact.objects.values_list("mobile", flat=True)) == [
        "+905321112233", "+905332223344", "+905343334455", "+905354445566",
    ]  # fmt: skip
    hasan = Contact.objects.get(name="Hasan Kaya")
    assert hasan.position == Contact.Position.CHIEF_PHYSICIAN and hasan.organization == province.hospital
    assert str(Contact.objects.get(name="Ayşe Demir").birthday) == "1985-05-12"


def test_importing_again_updates_instead_of_duplicating(province):
    actions.import_contacts(actor=province.staff, upload=upload())
    changed = STAFF_CSV.replace("Hemşire;0532 111 22 33", "Sorumlu Hemşire;0532 111 22 33")
    assert actions.import_contacts(actor=province.staff, upload=upload(changed)).ok
    assert Contact.objects.count() == 4
    assert Contact.objects.get(name="Ayşe Demir").position == Contact.Position.UNIT_HEAD


def test_bad_rows_are_reported_in_turkish_and_nothing_is_imported(province):
    bad = STAFF_CSV + (
        "Sabit Hat;Derince EAH;Santral;Memur;0262 123 45 67;\n"
        "Yabancı Numara;Derince EAH;Acil;Doktor;+49 151 2345 6789;\n"
        "Yanlış Önek;Derince EAH;Acil;Doktor;0432 123 45;\n"
        "Başka Kurum;Ankara Hastanesi;Acil;Doktor;0537 111 11 11;\n"
        "Tekrar;Derince EAH;Acil;Doktor;0532 111 22 33;31.02.1980\n"
    )
    with translation.override("tr"):
        report = actions.import_contacts(actor=province.staff, upload=upload(bad))
    assert not report.ok
    assert Contact.objects.count() == 0
    errors = {row.name: " ".join(row.errors) for row in report.bad_rows}
    assert "sabit hat" in errors["Sabit Hat"]
    assert "yabancı" in errors["Yabancı Numara"]
    assert "geçerli bir cep telefonu" in errors["Yanlış Önek"]
    assert "Ankara Hastanesi" in errors["Başka Kurum"]
    assert "2. satırdaki" in errors["Tekrar"] and "doğum tarihi" in errors["Tekrar"]
    assert [row.line for row in report.bad_rows] == [6, 7, 8, 9, 10]


def test_an_xlsx_file_is_read(province):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ad Soyad", "Kurum", "Birim", "Unvan", "Cep", "Doğum Tarihi"])
    sheet.append(["Zeynep Ak", "Derince EAH", "Acil", "Hemşire", 5361112233, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = actions.import_contacts(actor=province.staff, upload=SimpleUploadedFile("liste.xlsx", buffer.getvalue()))
    assert report.ok, [row.errors for row in report.rows]
    assert Contact.objects.get().mobile == "+905361112233"


def test_a_file_that_is_not_a_spreadsheet_is_refused(province):
    report = actions.import_contacts(actor=province.staff, upload=upload("MZ\x90\x00", name="liste.exe"))
    assert report.error
    report = actions.import_contacts(actor=province.staff, upload=upload("Ad;Soyad\nA;B\n"))
    assert "Missing" in report.error or "Eksik" in report.error


def test_only_the_unit_imports(province):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.import_contacts(actor=province.affiliate, upload=upload())
