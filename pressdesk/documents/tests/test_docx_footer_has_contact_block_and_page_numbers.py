"""The footer of every page: a line, contact block left, "Bilgi için" right in 8 pt, and "n / N" (m.24, m.27)."""

import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from pressdesk.documents.rendering import render_docx
from pressdesk.documents.tests.conftest import open_docx

pytestmark = pytest.mark.django_db


def _footer_xml(footer):
    return footer._element


def test_footer_has_page_and_numpages_fields(make_letter):
    footer = open_docx(render_docx(make_letter())).sections[0].footer
    instructions = [node.text.strip() for node in _footer_xml(footer).iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    number = footer.paragraphs[-1]
    assert number.alignment == 1  # centred
    assert " / " in number.text


def test_footer_has_a_rule_the_contact_block_and_bilgi_icin_in_eight_point(make_letter, province):
    footer = open_docx(render_docx(make_letter())).sections[0].footer
    assert footer.paragraphs[0]._p.find(qn("w:pPr")).find(qn("w:pBdr")) is not None
    left, right = footer.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "Adres: Kozluk Mah. Hastane Cad. No:1 İzmit/KOCAELİ"
    assert "Telefon No: 0 (262) 000 00 00" in left.text
    assert "e-Posta: kocaeliism@saglik.gov.tr" in left.text
    assert "İnternet Adresi: https://kocaeliism.saglik.gov.tr" in left.text
    assert right.paragraphs[0].text == "Bilgi için: Ayşe YILMAZ"
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            assert all(run.font.size == Pt(8) for run in paragraph.runs)


def test_urgent_letters_repeat_the_footer_on_the_first_page(make_letter):
    section = open_docx(render_docx(make_letter(urgency="GÜNLÜDÜR"))).sections[0]
    instructions = [node.text.strip() for node in _footer_xml(section.first_page_footer).iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
