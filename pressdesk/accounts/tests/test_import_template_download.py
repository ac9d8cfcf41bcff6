"""The downloadable Excel template has the header row and reads back in."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pressdesk.accounts.models import Role
from pressdesk.testing.factories import Province


def test_template_is_an_xlsx_with_the_header_row_and_reference_sheets(province: Province, as_admin: Client) -> None:
    response = as_admin.get(reverse("accounts:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    users, roles, organizations = workbook.worksheets
    assert [cell.value for cell in users[1]] == [
        "username",
        "first_name",
        "last_name",
        "email",
        "organization",
        "role",
        "title",
        "phone",
    ]
    assert users.max_row == 1
    assert {row[0] for row in roles.iter_rows(min_row=2, values_only=True)} == set(Role.values)
    assert "sehir" in {row[0] for row in organizations.iter_rows(min_row=2, values_only=True)}


def test_template_headings_are_turkish_for_turkish_users(province: Province, client: Client) -> None:
    client.force_login(province.admin)
    response = client.get(reverse("accounts:import_template"), HTTP_ACCEPT_LANGUAGE="tr")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]][:2] == ["Kullanıcı adı", "Ad"]


def test_a_filled_in_template_imports(province: Province, as_admin: Client, upload: Any) -> None:
    for language in ("en", "tr"):
        content = as_admin.get(reverse("accounts:import_template"), HTTP_ACCEPT_LANGUAGE=language).content
        workbook = load_workbook(io.BytesIO(content))
        workbook.worksheets[0].append(
            ["ayse", "Ayşe", "Kaya", "ayse@example.gov.tr", "basin", "staff", "Uzman", "0532 123 45 67"]
        )
        out = io.BytesIO()
        workbook.save(out)
        response = upload(SimpleUploadedFile("filled.xlsx", out.getvalue()))
        assert len(response.context["report"].valid_rows) == 1, language


def test_template_organization_names_that_look_like_formulas_stay_text(province: Province, as_admin: Client) -> None:
    province.hospital.name = '=HYPERLINK("https://evil.example","x")'
    province.hospital.save(update_fields=["name"])
    workbook = load_workbook(io.BytesIO(as_admin.get(reverse("accounts:import_template")).content))
    names = {row[1] for row in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert '\'=HYPERLINK("https://evil.example","x")' in names
