from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Interaction, MediaContact


def test_export_is_an_excel_file_with_neutralised_cells(province, contacts, client):
    actions.update_contact(actor=province.staff, contact=contacts[0], beat="=HYPERLINK(1)")
    client.force_login(province.staff)
    response = client.get(reverse("mediarelations:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(contacts) + 1
    assert any(row[3] == "'=HYPERLINK(1)" for row in rows)
    assert any("0532 111 22 33" in row for row in rows)
    client.force_login(province.director)
    response = client.get(reverse("mediarelations:export"))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert not any("0532 111 22 33" in row for row in rows)


def test_merging_moves_tags_lists_and_log(province, contacts, client):
    keep = contacts[0]
    duplicate = actions.create_contact(
        actor=province.staff, name="A. Gündoğdu", email="AYSE@kocaeligazetesi.example", social="@ayseg", tags=["TV"]
    )
    media_list = actions.create_list(actor=province.staff, name="Sağlık muhabirleri", contacts=[duplicate])
    actions.log_interaction(
        actor=province.staff, contact=duplicate, kind="call", happened_on=duplicate.created_at.date()
    )
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:duplicates")).content.decode()
    assert "A. Gündoğdu" in page
    client.post(reverse("mediarelations:duplicates"), {"keep": keep.pk, "duplicate": duplicate.pk})
    assert not MediaContact.objects.filter(pk=duplicate.pk).exists()
    keep.refresh_from_db()
    assert keep.social == "@ayseg"
    assert "TV" in set(keep.tags.values_list("name", flat=True))
    assert keep in media_list.contacts.all()
    assert Interaction.objects.get().contact == keep
