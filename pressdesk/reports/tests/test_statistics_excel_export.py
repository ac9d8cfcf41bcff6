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
