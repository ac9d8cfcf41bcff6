"""The statistics as an Excel workbook: one sheet per table, Turkish text intact, formulas neutralised."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def test_excel_export(province, world, client, login):
    world.news('=HYPERLINK("x") Şehir Hastanesi', sentiment="negative")
    login(province.affiliate)
    response = client.get(reverse("reports:statistics_xlsx"), {"period": "30"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(book.sheetnames) == 7
    rows = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    institutions = next(sheet for sheet in rows.values() if ("Kocaeli Şehir Hastanesi", 1, 1, 1, 0) in sheet)
    assert institutions
    outlet_sheet = next(sheet for sheet in rows.values() if any(r and r[0] == "Kocaeli Bizim Gazete" for r in sheet))
    assert outlet_sheet


def test_formula_like_outlet_and_scope_names_are_exported_as_text(province, world, client, login):
    world.local.name = "@SUM(A1:A9)"
    world.local.save(update_fields=["name"])
    province.hospital.name = "=HYPERLINK(1)"
    province.hospital.save(update_fields=["name"])
    world.news("-2+3 Şehir Hastanesi", sentiment="negative")
    login(province.affiliate)
    response = client.get(reverse("reports:statistics_xlsx"), {"period": "30"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    assert "'@SUM(A1:A9)" in {cell.value for cell in cells}
