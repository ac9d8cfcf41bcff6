"""The archive search results download as an Excel workbook with one row per item."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pressdesk.monitoring.models import ItemMatch, WatchTerm
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_export_has_the_matching_rows(province, login):
    source = SourceFactory(organization=province.directorate)
    term = WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"', province=province.directorate)
    item = source.items.create(
        outlet=source.outlet, identity_hash="a", title="Şehir Hastanesi'nde yeni bölüm", url="https://example.com/a"
    )
    ItemMatch.objects.create(item=item, term=term, field="title", spans=[[0, 15, "şehir hastanesi"]])
    source.items.create(outlet=source.outlet, identity_hash="b", title="=cmd|' /C calc'!A0")
    source.items.create(outlet=source.outlet, identity_hash="c", title="Belediye")

    response = login(province.staff).get(reverse("monitoring:archive_export"), {"q": "şehir"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 2
    assert rows[1][1:5] == (
        source.outlet.name,
        "Şehir Hastanesi'nde yeni bölüm",
        "https://example.com/a",
        "Şehir Hastanesi",
    )


def test_formulas_are_not_exported_as_formulas(province, login):
    source = SourceFactory(organization=province.directorate)
    source.items.create(outlet=source.outlet, identity_hash="b", title="=HYPERLINK(1)")
    response = login(province.staff).get(reverse("monitoring:archive_export"))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[1][2] == "'=HYPERLINK(1)"
