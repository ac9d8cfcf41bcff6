"""Header, Sayı/Tarih, Konu, muhatap, İlgi, body, signature, Ek and Dağıtım in the order of the regulation."""

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, RGBColor

from pressdesk.documents.rendering import render_docx
from pressdesk.documents.tests.conftest import body_lines, index_of, open_docx

pytestmark = pytest.mark.django_db


def test_header_lines_are_centred_in_order_with_the_governorship_in_turkish_capitals(make_letter):
    document = open_docx(render_docx(make_letter()))
    header = document.paragraphs[:3]
    assert [p.text for p in header] == ["T.C.", "KOCAELİ VALİLİĞİ", "İl Sağlık Müdürlüğü"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in header)
    # Two blank lines under the header, then Sayı.
    assert [p.text for p in document.paragraphs[3:5]] == ["", ""]
    assert document.paragraphs[5].text.startswith("Sayı")


def test_fields_follow_the_regulation_order(make_letter):
    lines = body_lines(open_docx(render_docx(make_letter())))
    order = [
        index_of(lines, "Sayı"),
        index_of(lines, "Konu"),
        index_of(lines, "KOCAELİ ŞEHİR HASTANESİ BAŞHEKİMLİĞİNE"),
        index_of(lines, "(Basın Birimi)"),
        index_of(lines, "İlgi"),
        index_of(lines, "yayımlanan"),
        index_of(lines, "İl Sağlık Müdürü"),
        index_of(lines, "Ek:"),
        index_of(lines, "Dağıtım:"),
        index_of(lines, "Gereği:"),
    ]
    assert order == sorted(order)
    assert len(set(order)) == len(order)


def test_sayi_and_date_share_a_line_with_the_date_at_the_far_right(make_letter):
    letter = make_letter()
    document = open_docx(render_docx(letter))
    sayi = next(p for p in document.paragraphs if p.text.startswith("Sayı"))
    assert sayi.text == f"Sayı\t:\tE-12345678-010.06.02-\t{letter.date:%d.%m.%Y}"
    right_tabs = [t for t in sayi.paragraph_format.tab_stops if t.alignment == WD_TAB_ALIGNMENT.RIGHT]
    assert right_tabs and abs(right_tabs[0].position - Cm(18)) < Cm(0.01)


def test_colons_of_sayi_konu_and_ilgi_line_up(make_letter):
    document = open_docx(render_docx(make_letter()))
    labelled = [next(p for p in document.paragraphs if p.text.startswith(label)) for label in ("Sayı", "Konu", "İlgi")]
    for paragraph in labelled:
        _label, colon, _rest = paragraph.text.split("\t", 2)
        assert colon == ":"
        first_tab = paragraph.paragraph_format.tab_stops[0].position
        assert abs(first_tab - Cm(1.5)) < Cm(0.01)


def test_konu_wraps_before_the_middle_of_the_page(make_letter):
    document = open_docx(render_docx(make_letter()))
    konu = next(p for p in document.paragraphs if p.text.startswith("Konu"))
    # Text width 18 cm; the page's middle is 9 cm from the left margin.
    assert abs(konu.paragraph_format.right_indent - Cm(9)) < Cm(0.01)
    assert konu.text == "Konu\t:\tBilgi notu talebi"


def test_references_are_lettered_oldest_first_and_end_with_a_full_stop(make_letter):
    lines = body_lines(open_docx(render_docx(make_letter())))
    first, second = lines[index_of(lines, "İlgi")], lines[index_of(lines, "İlgi") + 1]
    assert first == "İlgi\t:\ta)\tBakanlığın 01.10.2026 tarihli ve E-123 sayılı yazısı."
    assert second == "\t\tb)\tValiliğin 05.10.2026 tarihli yazısı."


def test_a_single_reference_has_no_letter(make_letter):
    lines = body_lines(open_docx(render_docx(make_letter(references=["Bakanlığın yazısı."]))))
    assert lines[index_of(lines, "İlgi")] == "İlgi\t:\tBakanlığın yazısı."


def test_attachments_ek_for_one_and_numbered_ekler_for_several(make_letter):
    one = body_lines(open_docx(render_docx(make_letter())))
    assert "Ek: Haber metni (1 sayfa)" in one
    several = body_lines(open_docx(render_docx(make_letter(attachments=["Haber metni", "Fotoğraf"]))))
    at = several.index("Ekler:")
    assert several[at + 1 : at + 3] == ["1- Haber metni", "2- Fotoğraf"]
    none = body_lines(open_docx(render_docx(make_letter(attachments=[]))))
    assert not any(line.startswith("Ek") for line in none)


def test_distribution_has_gereği_and_bilgi_columns(make_letter):
    document = open_docx(render_docx(make_letter()))
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == ["Gereği:", "Bilgi:"]
    assert [cell.text for cell in table.rows[1].cells] == [
        "Kocaeli Şehir Hastanesi",
        "Halk Sağlığı Hizmetleri Başkanlığı",
    ]


def test_urgency_is_red_at_the_top_right_of_the_first_page_only(make_letter):
    document = open_docx(render_docx(make_letter(urgency="ACELE")))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    paragraph = section.first_page_header.paragraphs[0]
    assert paragraph.text == "ACELE"
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraph.runs[0].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert "ACELE" not in "".join(p.text for p in section.header.paragraphs)
    plain = open_docx(render_docx(make_letter()))
    assert not plain.sections[0].different_first_page_header_footer
