"""The letter as a Word document (python-docx), laid out by the 2020 correspondence regulation.

A4; 1.5 cm top/left/right margins; Times New Roman 12 pt; header lines
centred; Sayı and the date on one line, Konu under it wrapping before the
page's middle; the colons of Sayı, Konu and İlgi lined up by tab stops; the
muhatap centred; body paragraphs justified with a 1.25 cm first-line indent;
the signature block centred on the right; Ek and Dağıtım on the left; the
contact block and "n / N" page number in the footer of every page.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pressdesk.documents.rendering.layout import LetterParts, parts_for

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.section import _Footer, _Header
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    from pressdesk.documents.models import Letter

FONT = "Times New Roman"
FONT_SIZE = Pt(12)
SMALL = Pt(8)  # contact block (m.7)
PARAF_SIZE = Pt(9)
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN = Cm(1.5)  # top, left, right (m.8)
BOTTOM_MARGIN = Cm(2.6)  # room for the contact block and page number
FOOTER_DISTANCE = Cm(0.6)
HEADER_DISTANCE = Cm(0.6)
TEXT_WIDTH = Cm(21.0 - 2 * 1.5)  # 18 cm
LABEL_TAB = Cm(1.5)  # where the colons after Sayı, Konu, İlgi stand
VALUE_TAB = Cm(1.8)  # where their values start
ITEM_TAB = Cm(2.4)  # where an İlgi item's text starts after "a)"
FIRST_LINE_INDENT = Cm(1.25)  # body paragraphs (m.16)
SIGNATURE_INDENT = Cm(9.0)  # the signature block is centred in the right half
PAGE_MIDDLE = Cm(21.0 / 2 - 1.5)  # from the left margin; Konu must not cross it (m.13)
RED = RGBColor(0xC0, 0x00, 0x00)
BLANK_LINES_BEFORE_SIGNATURE = 2


def render_docx(source: Letter | Mapping[str, Any], *, in_house: bool = False) -> bytes:
    """The letter as DOCX bytes. ``in_house`` adds the paraf block of the in-house copy."""
    return build_docx(parts_for(source, in_house=in_house))


def build_docx(parts: LetterParts) -> bytes:
    document = Document()
    _set_up_styles(document)
    _set_up_page(document, parts)
    _write_header(document, parts)
    _write_reference_lines(document, parts)
    _write_addressee(document, parts)
    _write_references(document, parts)
    _write_body(document, parts)
    _write_signature(document, parts)
    _write_attachments(document, parts)
    _write_distribution(document, parts)
    _write_paraf(document, parts)
    properties = document.core_properties
    properties.title = parts.subject
    properties.subject = parts.sayi
    properties.author = ""
    properties.comments = ""
    properties.keywords = ""
    properties.last_modified_by = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- set-up -----------------------------------------------------------------------


def set_font(rpr_owner: Any, name: str = FONT) -> None:
    """Set the font for every script (ascii, hAnsi, east-asian, complex) through rFonts."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _set_up_styles(document: DocumentObject) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT  # type: ignore[attr-defined]
    normal.font.size = FONT_SIZE  # type: ignore[attr-defined]
    set_font(normal.element)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "tr-TR")
    lang.set(qn("w:eastAsia"), "tr-TR")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    paragraph_format = normal.paragraph_format  # type: ignore[attr-defined]
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.line_spacing = 1.0
    # The document defaults too, so that tables, headers and footers agree.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            fonts = rpr_default.find(qn("w:rPr")).find(qn("w:rFonts"))
            if fonts is not None:
                for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attribute), None)
                for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    fonts.set(qn(attribute), FONT)


def _set_up_page(document: DocumentObject, parts: LetterParts) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = section.left_margin = section.right_margin = MARGIN
    section.bottom_margin = BOTTOM_MARGIN
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = Cm(0)
    _write_footer(section.footer, parts)
    if parts.urgency:
        # ACELE/GÜNLÜDÜR in red at the top right of page 1 only (m.26).
        section.different_first_page_header_footer = True
        _write_urgency(section.first_page_header, parts.urgency)
        _write_footer(section.first_page_footer, parts)


# --- paragraphs -----------------------------------------------------------------


def _paragraph(
    container: Any,
    text: str = "",
    *,
    align: int | None = None,
    size: Pt | None = None,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align  # type: ignore[assignment]
    if text:
        _run(paragraph, text, size=size, bold=bold, color=color)
    elif size is not None:
        # An empty paragraph takes its height from the paragraph mark.
        mark = paragraph._p.get_or_add_pPr()
        rpr = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size.pt * 2)))
        rpr.append(sz)
        mark.append(rpr)
    return paragraph


def _run(paragraph: Paragraph, text: str, *, size: Pt | None = None, bold: bool = False, color: Any = None) -> None:
    run = paragraph.add_run(text)
    run.font.name = FONT
    set_font(run._r)
    if size is not None:
        run.font.size = size
    if bold:
        run.font.bold = True
    if color is not None:
        run.font.color.rgb = color


def _blank(document: DocumentObject, lines: int = 1) -> None:
    for _ in range(lines):
        _paragraph(document)


def _tabs(paragraph: Paragraph, *stops: Any, right: Any = None) -> None:
    tab_stops = paragraph.paragraph_format.tab_stops
    for stop in stops:
        tab_stops.add_tab_stop(stop)
    if right is not None:
        tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)


# --- the parts of the letter, in order --------------------------------------------


def _write_urgency(header: _Header, urgency: str) -> None:
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(paragraph, urgency, bold=True, color=RED)


def _write_header(document: DocumentObject, parts: LetterParts) -> None:
    """T.C. / institution in capitals / unit, centred (m.10)."""
    for line in parts.header:
        if line:
            _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _blank(document, 2)


def _write_reference_lines(document: DocumentObject, parts: LetterParts) -> None:
    """``Sayı : E-…`` left, the date at the far right; ``Konu : …`` under it (m.11–m.13)."""
    sayi = _paragraph(document)
    _tabs(sayi, LABEL_TAB, VALUE_TAB, right=TEXT_WIDTH)
    _run(sayi, f"Sayı\t:\t{parts.sayi}\t{parts.date}")
    konu = _paragraph(document)
    fmt = konu.paragraph_format
    fmt.left_indent, fmt.first_line_indent = VALUE_TAB, -VALUE_TAB
    # Konu wraps before the page's vertical middle.
    fmt.right_indent = TEXT_WIDTH - PAGE_MIDDLE
    _tabs(konu, LABEL_TAB, VALUE_TAB)
    _run(konu, f"Konu\t:\t{parts.subject}")
    _blank(document, 2)


def _write_addressee(document: DocumentObject, parts: LetterParts) -> None:
    """The muhatap centred in capitals, its unit in brackets on the next line (m.14)."""
    _paragraph(document, parts.addressee, align=WD_ALIGN_PARAGRAPH.CENTER)
    if parts.addressee_unit:
        _paragraph(document, parts.addressee_unit, align=WD_ALIGN_PARAGRAPH.CENTER)
    _blank(document, 2)


def _write_references(document: DocumentObject, parts: LetterParts) -> None:
    """İlgi items ``a)``, ``b)`` with the colon under Sayı's and Konu's (m.15)."""
    if not parts.references:
        return
    for n, (letter, text) in enumerate(parts.references):
        paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        fmt = paragraph.paragraph_format
        label = "İlgi\t:\t" if n == 0 else "\t\t"
        if letter:
            fmt.left_indent, fmt.first_line_indent = ITEM_TAB, -ITEM_TAB
            _tabs(paragraph, LABEL_TAB, VALUE_TAB, ITEM_TAB)
            _run(paragraph, f"{label}{letter}\t{text}")
        else:
            fmt.left_indent, fmt.first_line_indent = VALUE_TAB, -VALUE_TAB
            _tabs(paragraph, LABEL_TAB, VALUE_TAB)
            _run(paragraph, f"{label}{text}")
    _blank(document, 1)


def _write_body(document: DocumentObject, parts: LetterParts) -> None:
    """Justified paragraphs with a 1.25 cm first-line indent, no blank lines between (m.16)."""
    for text in parts.paragraphs:
        paragraph = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
        paragraph.paragraph_format.widow_control = True


def _write_signature(document: DocumentObject, parts: LetterParts) -> None:
    """Ad SOYAD and the title, centred in a block on the right (m.17)."""
    for _ in range(BLANK_LINES_BEFORE_SIGNATURE):
        _paragraph(document).paragraph_format.keep_with_next = True
    lines = [parts.signer_name, *parts.signature_lines]
    for n, line in enumerate(lines):
        paragraph = _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.left_indent = SIGNATURE_INDENT
        paragraph.paragraph_format.keep_with_next = n < len(lines) - 1


def _write_attachments(document: DocumentObject, parts: LetterParts) -> None:
    """``Ek:`` for one attachment, ``Ekler:`` and a numbered list for several (m.18)."""
    if not parts.attachments:
        return
    _blank(document, 1)
    if len(parts.attachments) == 1:
        _paragraph(document, f"{parts.attachment_label} {parts.attachments[0]}")
        return
    _paragraph(document, parts.attachment_label).paragraph_format.keep_with_next = True
    for item in parts.numbered_attachments:
        _paragraph(document, item)


def _write_distribution(document: DocumentObject, parts: LetterParts) -> None:
    """``Dağıtım:`` with ``Gereği:`` and ``Bilgi:`` columns (m.19)."""
    if not parts.has_distribution:
        return
    _blank(document, 1)
    _paragraph(document, "Dağıtım:").paragraph_format.keep_with_next = True
    columns: list[tuple[str, list[str]]] = []
    if parts.distribution_action:
        columns.append(("Gereği:", parts.distribution_action))
    if parts.distribution_info:
        columns.append(("Bilgi:", parts.distribution_info))
    rows = 1 + max(len(items) for _, items in columns)
    table = document.add_table(rows=rows, cols=len(columns))
    _plain_table(table, [Cm(8.0)] * len(columns))
    for col, (label, items) in enumerate(columns):
        _cell_text(table.cell(0, col), label)
        for row, item in enumerate(items, start=1):
            _cell_text(table.cell(row, col), item)


#: The paraf columns: date, title, full name. A borderless table, not tab stops: a long
#: title ("… Birim Sorumlusu") wraps inside its own column instead of running over the name.
PARAF_WIDTHS = (Cm(2.2), Cm(8.0), Cm(7.8))


def _write_paraf(document: DocumentObject, parts: LetterParts) -> None:
    """The in-house copy's paraf lines at the bottom left, preparer first (m.21)."""
    if not parts.paraf:
        return
    _blank(document, 2)
    table = document.add_table(rows=len(parts.paraf), cols=len(PARAF_WIDTHS))
    _plain_table(table, list(PARAF_WIDTHS))
    for row, line in zip(table.rows, parts.paraf, strict=True):
        for cell, text in zip(row.cells, (line.date_or_blank, line.title_line, line.name), strict=True):
            _cell_text(cell, text, size=PARAF_SIZE)
            cell.paragraphs[0].paragraph_format.keep_with_next = True


# --- footer -----------------------------------------------------------------------


def _write_footer(footer: _Footer, parts: LetterParts) -> None:
    """A line, then the contact block left and "Bilgi için" right (8 pt), then "n / N" (m.24, m.27)."""
    footer.is_linked_to_previous = False
    rule = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    _border_bottom(rule)
    _shrink_mark(rule, SMALL)
    table = footer.add_table(rows=1, cols=2, width=TEXT_WIDTH)
    _plain_table(table, [Cm(12.5), Cm(5.5)])
    for cell, lines in ((table.cell(0, 0), parts.contact_lines), (table.cell(0, 1), parts.info_lines)):
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        for n, line in enumerate(lines or [""]):
            paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
            if line:
                _run(paragraph, line, size=SMALL)
            else:
                _shrink_mark(paragraph, SMALL)
    number = footer.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE", SMALL)
    _run(number, " / ", size=SMALL)
    _field(number, "NUMPAGES", SMALL)


def _field(paragraph: Paragraph, instruction: str, size: Pt) -> None:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice update when laid out."""

    def fld_run(kind: str | None = None, instr: str | None = None, text: str | None = None) -> None:
        run = paragraph.add_run()
        run.font.size = size
        set_font(run._r)
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                element.set(qn("w:dirty"), "true")
            run._r.append(element)
        if instr is not None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instr} "
            run._r.append(element)
        if text is not None:
            run.text = text

    fld_run("begin")
    fld_run(instr=instruction)
    fld_run("separate")
    fld_run(text="1")
    fld_run("end")


def _border_bottom(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _shrink_mark(paragraph: Paragraph, size: Pt) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size.pt * 2)))
    rpr.append(sz)
    ppr.append(rpr)


# --- tables -----------------------------------------------------------------------


def _plain_table(table: Table, widths: list[Any]) -> None:
    """No borders, no cell padding, fixed column widths: the table is only a layout aid."""
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width


def _cell_text(cell: _Cell, text: str, size: Pt | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, size=size)
