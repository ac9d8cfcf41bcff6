"""3.15.5: the signed minutes as PDF (LibreOffice conversion), read back with pdftotext, carry the
heading and the numbered decisions with their owner institutions."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.meetings import actions, queries

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) and pdftotext are needed",
    ),
]


def test_the_pdf_text_has_the_numbered_decisions(province, plan, sign, login, tmp_path):
    meeting = plan()
    actions.save_minutes(
        actor=province.staff,
        meeting=meeting,
        notes="Toplantı saat 10.00'da başladı.",
        attended=[p.pk for p in queries.participants_of(meeting)],
        item_notes={},
    )
    due = timezone.localdate() + datetime.timedelta(days=10)
    actions.add_decision(
        actor=province.staff, meeting=meeting, text="Rapor hazırlanacak", owner=province.hospital, due=due
    )
    actions.add_decision(
        actor=province.staff, meeting=meeting, text="Tabela yenilenecek", owner=province.other_hospital, due=due
    )
    sign(actions.submit_minutes(actor=province.staff, meeting=meeting))
    minutes = queries.latest_minutes(meeting)

    response = login(province.staff).get(reverse("meetings:minutes_pdf", args=[minutes.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "tutanak.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert "TOPLANTI TUTANAĞI" in flat
    assert flat.index("Karar 1: Rapor hazırlanacak") < flat.index("Karar 2: Tabela yenilenecek")
    assert province.hospital.name in flat and province.other_hospital.name in flat
    assert f"{due:%d.%m.%Y}" in flat
