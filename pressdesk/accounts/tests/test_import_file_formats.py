"""Which files the import reads, and which it refuses with a clear message."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pressdesk.accounts import importing
from pressdesk.accounts.models import UserImport
from pressdesk.accounts.tests.conftest import HEADER, csv_file, xlsx_file
from pressdesk.testing.factories import Province

TURKISH_HEADER = ["Kullanıcı Adı", "Ad", "Soyad", "E-posta", "Kurum", "Rol", "Unvan", "Telefon"]
ROW = ["ayse.kaya", "Ayşe", "Kaya", "ayse.kaya@example.gov.tr", "basin", "Birim Çalışanı", "Uzman", "0532 123 45 67"]


def _valid_rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert "report" in response.context, response.context["form"].errors
    return [row.values for row in response.context["report"].valid_rows]


def _file_error(response: Any) -> str:
    assert response.status_code == 200
    assert not UserImport.objects.exists()
    return " ".join(response.context["form"].errors["file"])


def test_csv_with_bom_and_semicolons_as_turkish_excel_writes_it(province: Province, upload: Any) -> None:
    response = upload(csv_file([TURKISH_HEADER, ROW], delimiter=";", bom=True))
    rows = _valid_rows(response)
    assert len(rows) == 1
    assert rows[0]["username"] == "ayse.kaya"  # the BOM did not end up in the first heading
    assert rows[0]["first_name"] == "Ayşe"


def test_plain_utf8_csv_with_commas(province: Province, upload: Any) -> None:
    assert len(_valid_rows(upload(csv_file([HEADER, ROW])))) == 1


def test_windows_1254_csv_from_older_turkish_excel(province: Province, upload: Any) -> None:
    rows = _valid_rows(upload(csv_file([TURKISH_HEADER, ROW], delimiter=";", encoding="cp1254")))
    assert rows[0]["first_name"] == "Ayşe"


def test_xlsx_works(province: Province, upload: Any) -> None:
    row: list[Any] = [*ROW[:7], 5321234567]  # a phone number Excel stored as a number
    response = upload(
        xlsx_file([TURKISH_HEADER, row, [None] * 8, ["ali", "Ali", "Tan", "ali@example.gov.tr", "sehir", "staff"]])
    )
    report = response.context["report"]
    assert [row.line for row in report.valid_rows] == [2, 4]
    assert report.rows[0].phone == "+905321234567"
    assert report.rows[1].organization == province.hospital


def test_columns_in_any_order_and_unknown_columns_ignored(province: Province, upload: Any) -> None:
    header = ["Notlar", "E-Posta", "Soyadı", "Adı", "Rol", "Kurum", "Kullanıcı adı"]
    row = ["not", "a@example.gov.tr", "Kaya", "Ayşe", "staff", "basin", "ayse"]
    values = _valid_rows(upload(csv_file([header, row])))[0]
    assert (values["username"], values["email"], values["first_name"], values["title"]) == (
        "ayse",
        "a@example.gov.tr",
        "Ayşe",
        "",
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("users.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel"),
        ("users.pdf", b"%PDF-1.4"),
        ("users.exe", b"MZ\x90\x00"),
        ("users", b"username,email"),
    ],
)
def test_wrong_file_type_is_refused(province: Province, upload: Any, name: str, content: bytes) -> None:
    assert "is not an Excel (.xlsx) or CSV (.csv) file" in _file_error(upload(SimpleUploadedFile(name, content)))


def test_a_file_named_xlsx_that_is_not_one_is_refused(province: Province, upload: Any) -> None:
    error = _file_error(upload(SimpleUploadedFile("users.xlsx", b"username,email\n")))
    assert "not a valid Excel (.xlsx) workbook" in error
    error = _file_error(upload(SimpleUploadedFile("users.xlsx", b"PK\x03\x04 broken zip")))
    assert "not a valid Excel (.xlsx) workbook" in error


def test_a_binary_file_named_csv_is_refused(province: Province, upload: Any) -> None:
    error = _file_error(upload(SimpleUploadedFile("users.csv", "username\n".encode("utf-16"))))
    assert "could not be read" in error


def test_empty_file_is_refused(province: Province, upload: Any) -> None:
    assert _file_error(upload(SimpleUploadedFile("users.csv", b"")))
    assert "empty" in _file_error(upload(SimpleUploadedFile("users.csv", b"\n\n ; ;\n")))


def test_header_without_rows_is_refused(province: Province, upload: Any) -> None:
    assert "no users under it" in _file_error(upload(csv_file([HEADER])))


def test_missing_required_header_is_refused_and_named(province: Province, upload: Any) -> None:
    header = ["username", "first_name", "last_name", "organization", "role"]
    error = _file_error(upload(csv_file([header, ["a", "b", "c", "basin", "staff"]])))
    assert "Missing:" in error
    assert "email" in error


def test_too_large_file_is_refused(province: Province, upload: Any) -> None:
    content = b"username\n" + b"x" * (importing.MAX_BYTES + 1)
    assert "too large" in _file_error(upload(SimpleUploadedFile("users.csv", content)))


def test_too_many_rows_are_refused(province: Province, upload: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    rows = [HEADER] + [[f"u{n}", "A", "B", f"u{n}@example.gov.tr", "basin", "staff", "", ""] for n in range(4)]
    assert "more than 3 user rows" in _file_error(upload(csv_file(rows)))


def test_5000_rows_are_accepted(province: Province) -> None:
    rows = [",".join(HEADER)] + [f"u{n},A,B,u{n}@example.gov.tr,basin,staff,," for n in range(5000)]
    upload = SimpleUploadedFile("users.csv", "\n".join(rows).encode())
    parsed = importing.read_upload(upload)
    assert len(parsed) == 5000
    report = importing.validate_rows(parsed, organizations=[province.unit])
    assert len(report.valid_rows) == 5000
