"""Only the in-house copy shows the paraf lines: preparer first, then the chain; date, title, full name (m.21)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals.models import ApprovalStep
from pressdesk.documents.rendering import render_docx
from pressdesk.documents.tests.conftest import body_lines, open_docx, table_lines

pytestmark = pytest.mark.django_db

PARAF = re.compile(r"^(\d{2}\.\d{2}\.\d{4}|\.{4}/[^\t]*)\t")


def test_in_house_copy_lists_preparer_then_initials_in_chain_order(province, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=2)
    today = timezone.localdate().strftime("%d.%m.%Y")
    lines = table_lines(open_docx(render_docx(letter, in_house=True)))
    paraf = [line for line in lines if PARAF.match(line)]
    assert paraf == [
        f"{today}\tBirim Personeli\tAyşe YILMAZ",
        f"{today}\tBirim Sorumlusu\tMehmet IŞIK",
        f"{today}\tBaşkan\tZeynep ÇELİK",
    ]


def test_a_deputys_initial_is_marked_v(province, make_letter, approve):
    letter = make_letter()
    flow = approve(letter, steps=1)
    ApprovalStep.objects.filter(flow=flow, order=1).update(as_deputy=True)
    lines = table_lines(open_docx(render_docx(letter, in_house=True)))
    assert any(line.endswith("\tBirim Sorumlusu V.\tMehmet IŞIK") for line in lines)


def test_steps_not_yet_initialled_leave_room_for_a_hand_initial(province, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=0)
    lines = table_lines(open_docx(render_docx(letter, in_house=True)))
    assert "..../..../......\tBaşkan\t" in lines


def test_normal_copy_has_no_paraf_lines(province, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=2)
    text = "\n".join(body_lines(open_docx(render_docx(letter))))
    assert "Ayşe YILMAZ" not in text
    assert "Mehmet IŞIK" not in text


def test_in_house_copy_is_downloaded_with_copy_in_house(province, client, login, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=1)
    login(province.staff)
    url = reverse("documents:docx", args=[letter.pk])
    in_house = client.get(url, {"copy": "in_house"})
    normal = client.get(url)
    assert "Mehmet IŞIK" in "\n".join(body_lines(open_docx(in_house.content)))
    assert "Mehmet IŞIK" not in "\n".join(body_lines(open_docx(normal.content)))


def test_a_long_title_stays_in_its_column_and_never_overlaps_the_name(province, make_letter, approve):
    """Issue 23, defect 9: with tab stops a long title ran over the name column of the PDF."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from pressdesk.documents.rendering import render_pdf

    province.staff.title = "Halk Sağlığı Hizmetleri Başkanlığı Basın ve Halkla İlişkiler Birim Sorumlu Yardımcısı"
    province.staff.save(update_fields=["title"])
    letter = make_letter()
    approve(letter, steps=1)
    document = open_docx(render_docx(letter, in_house=True))
    row = next(line for line in table_lines(document) if "Ayşe YILMAZ" in line)
    assert row.split("\t")[1:] == [province.staff.title, "Ayşe YILMAZ"]

    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler-utils are needed for the PDF check")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(render_pdf(letter, in_house=True))
        html = subprocess.run(  # noqa: S603
            ["pdftotext", "-bbox", str(path), "-"],  # noqa: S607
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    words = [
        (float(x0), float(y0), float(x1), word)
        for x0, y0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', html
        )
    ]
    # The paraf row: its title starts in the second column (the footer's "Bilgi için" repeats
    # title and name further right and lower); the name stands on the title's first line.
    x_title, y_title = next((x0, y0) for x0, y0, _x1, word in words if word == "Halk" and x0 < 150)
    title_words = set(province.staff.title.split())
    title = [x1 for x0, y0, x1, word in words if word in title_words and y_title - 1 <= y0 <= y_title + 40 and x0 < 300]
    name = [x0 for x0, y0, _x1, word in words if word in {"Ayşe", "YILMAZ"} and abs(y0 - y_title) < 2]
    assert len(title) >= len(title_words) and len(name) == 2, (title, name)
    assert x_title < max(title) < min(name)
