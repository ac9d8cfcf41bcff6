"""The DOCX is A4 with 1.5 cm top/left/right margins, in Times New Roman 12 pt for every script (m.6–m.8)."""

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pressdesk.documents.rendering import render_docx
from pressdesk.documents.tests.conftest import open_docx

pytestmark = pytest.mark.django_db


def _close(length, cm):
    return abs(length - Cm(cm)) < Cm(0.01)


def test_page_is_a4_with_one_and_a_half_centimetre_margins(make_letter):
    document = open_docx(render_docx(make_letter()))
    section = document.sections[0]
    assert _close(section.page_width, 21.0)
    assert _close(section.page_height, 29.7)
    assert _close(section.top_margin, 1.5)
    assert _close(section.left_margin, 1.5)
    assert _close(section.right_margin, 1.5)
    # The bottom margin leaves room for the contact block and page number.
    assert section.bottom_margin >= Cm(1.5)


def test_text_is_times_new_roman_twelve_point_for_every_script(make_letter):
    document = open_docx(render_docx(make_letter()))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(12)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attribute)) == "Times New Roman"
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.name == "Times New Roman"
            assert run.font.size in (None, Pt(12))
