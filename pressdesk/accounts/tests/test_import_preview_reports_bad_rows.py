"""Step 1 of the import: every row is reported with its reasons, and nothing is saved."""

from __future__ import annotations

from typing import Any

from django.test import Client

from pressdesk.accounts.models import User, UserImport
from pressdesk.accounts.tests.conftest import HEADER, csv_file
from pressdesk.testing.factories import Province

ROWS = [
    HEADER,
    ["ayse.kaya", "Ayşe", "Kaya", "ayse.kaya@example.gov.tr", "basin", "staff", "Uzman", "0532 123 45 67"],  # 2 ok
    ["veli", "Veli", "Can", "veli@example.gov.tr", "yok-boyle-kurum", "staff", "", ""],  # 3 unknown org
    ["fatma", "Fatma", "Er", "fatma@example.gov.tr", "basin", "patron", "", ""],  # 4 unknown role
    ["hakan", "Hakan", "Ak", "hakan-at-example", "basin", "staff", "", ""],  # 5 bad e-mail
    ["calisan", "Ayşe", "Yılmaz", "ayse.y@example.gov.tr", "basin", "staff", "", ""],  # 6 username in DB
    ["ikiz", "İkiz", "Bir", "ikiz1@example.gov.tr", "basin", "staff", "", ""],  # 7 duplicate in file
    ["IKIZ", "İkiz", "İki", "ikiz2@example.gov.tr", "basin", "staff", "", ""],  # 8 duplicate in file
    ["sema", "Sema", "Öz", "sema@example.gov.tr", "basin", "staff", "", "0262 111 22 33"],  # 9 landline
    ["", "Nur", "", "nur@example.gov.tr", "", "staff", "", ""],  # 10 missing fields
    ["ali", "Ali", "Tan", "CALISAN@example.gov.tr", "basin", "staff", "", ""],  # 11 e-mail in DB
    ["", "", "", "", "", "", "", ""],  # blank: ignored
    [
        "deniz",
        "Deniz",
        "Su",
        "deniz@example.gov.tr",
        "Kocaeli Şehir Hastanesi",
        "Bağlı Kuruluş Basın Sorumlusu",
        "",
        "",
    ],
]


def test_preview_lists_bad_rows_with_reasons_and_saves_nothing(
    province: Province, upload: Any, mailoutbox: list[Any]
) -> None:
    users_before = User.objects.count()
    response = upload(csv_file(ROWS))
    assert response.status_code == 200
    assert User.objects.count() == users_before
    assert mailoutbox == []

    report = response.context["report"]
    by_line = {row.line: row for row in report.rows}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert [row.line for row in report.valid_rows] == [2, 13]

    def errors(line: int) -> str:
        return " | ".join(by_line[line].errors)

    assert "Unknown organization “yok-boyle-kurum”" in errors(3)
    assert "Unknown role “patron”" in errors(4)
    assert "not a valid e-mail address" in errors(5)
    assert "user name “calisan” already exists" in errors(6)
    assert "appears more than once in the file (rows 7, 8)" in errors(7)
    assert "appears more than once in the file (rows 7, 8)" in errors(8)
    assert "Turkish mobile phone number" in errors(9)
    assert errors(10) == "Username is missing. | Last name is missing. | Organization is missing."
    assert "e-mail address “CALISAN@example.gov.tr” already exists" in errors(11)
    assert by_line[2].phone == "+905321234567"
    assert by_line[13].organization == province.hospital
    assert by_line[13].role == "affiliate_press"

    html = response.content.decode()
    for line in (3, 4, 5, 6, 7, 8, 9, 10, 11):
        assert f'data-line="{line}"' in html
    assert "Unknown organization" in html
    assert 'data-testid="invalid-count"' in html


def test_preview_can_show_only_the_rows_with_errors(province: Province, upload: Any, as_admin: Client) -> None:
    upload(csv_file(ROWS))
    batch = UserImport.objects.get()
    response = as_admin.get(f"/users/import/{batch.token}/", {"show": "errors"})
    assert [row.line for row in response.context["rows"]] == [3, 4, 5, 6, 7, 8, 9, 10, 11]


def test_missing_fields_are_named(province: Province, upload: Any) -> None:
    response = upload(csv_file([HEADER, ["", "Nur", "", "nur@example.gov.tr", "", "", "", ""]]))
    errors = response.context["report"].rows[0].errors
    assert errors == [
        "Username is missing.",
        "Last name is missing.",
        "Organization is missing.",
        "Role is missing.",
    ]


def test_organizations_match_by_code_or_exact_name_ignoring_case(province: Province, upload: Any) -> None:
    rows = [
        HEADER,
        ["a1", "A", "B", "a1@example.gov.tr", "SEHIR", "staff", "", ""],
        ["a2", "A", "B", "a2@example.gov.tr", "KOCAELİ ŞEHİR HASTANESİ", "staff", "", ""],
        ["a3", "A", "B", "a3@example.gov.tr", "  kocaeli   şehir hastanesi ", "staff", "", ""],
        ["a4", "A", "B", "a4@example.gov.tr", "Kocaeli Şehir", "staff", "", ""],
    ]
    report = upload(csv_file(rows)).context["report"]
    assert [row.organization for row in report.rows[:3]] == [province.hospital] * 3
    assert not report.rows[3].ok


def test_inactive_organizations_are_refused(province: Province, upload: Any) -> None:
    province.hospital.is_active = False
    province.hospital.save()
    rows = [HEADER, ["a1", "A", "B", "a1@example.gov.tr", "sehir", "staff", "", ""]]
    report = upload(csv_file(rows)).context["report"]
    assert "is not active" in report.rows[0].errors[0]


def test_roles_match_by_code_turkish_or_english_label(province: Province, upload: Any) -> None:
    rows = [HEADER]
    for n, role in enumerate(["unit_head", "Birim Sorumlusu", "BİRİM SORUMLUSU", "Unit head", "unit head"]):
        rows.append([f"u{n}", "A", "B", f"u{n}@example.gov.tr", "basin", role, "", ""])
    report = upload(csv_file(rows)).context["report"]
    assert [row.role for row in report.rows] == ["unit_head"] * 5
