"""The minutes (tutanak) as a frozen content dict, and as DOCX/PDF built from it.

The dict is what the approvers sign (``Minutes.approval_content``); the document is
always rendered from a dict, so a signed version renders exactly as it was signed.
The page set-up and fonts are the official letters' (``documents/rendering/docx.py``).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from pressdesk.documents.rendering.layout import format_date

if TYPE_CHECKING:
    from pressdesk.meetings.models import Minutes


def minutes_content(minutes: Minutes) -> dict[str, Any]:
    from pressdesk.meetings import queries

    meeting = minutes.meeting
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end)
    participants = queries.participants_of(meeting)
    return {
        "title": meeting.title,
        "kind": str(meeting.get_kind_display()),
        "version": minutes.version,
        "date": format_date(start.date()),
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "place": meeting.where,
        "chair": (meeting.chair.get_full_name() if meeting.chair else ""),
        "attendees": [p.label for p in participants if p.attended],
        "absent": [p.label for p in participants if p.attended is False],
        "agenda": [
            {"topic": item.topic, "presenter": item.presenter, "note": item.note} for item in queries.agenda_of(meeting)
        ],
        "notes": minutes.notes,
        "decisions": [
            {"number": d.number, "text": d.text, "owner": d.owner.name, "due": format_date(d.due)}
            for d in queries.decisions_of(meeting)
        ],
        "signers": [p.label for p in participants if p.signs],
        "correction_reason": minutes.correction_reason,
    }


# Headings of the document: Turkish, as the paper the unit files.
HEADING = "TOPLANTI TUTANAĞI"
LABELS = {
    "date": "Tarih",
    "time": "Saat",
    "place": "Yer",
    "chair": "Başkan",
    "attendees": "KATILANLAR",
    "absent": "Katılmayanlar",
    "agenda": "GÜNDEM",
    "notes": "GÖRÜŞMELER",
    "decisions": "KARARLAR",
    "owner": "Sorumlu",
    "due": "Son tarih",
    "signatures": "İMZA",
    "version": "Düzeltme",
}


def render_docx(content: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from pressdesk.documents.rendering.docx import FONT, FONT_SIZE, MARGIN, set_font

    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = FONT_SIZE
    set_font(style.element)
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = MARGIN
        section.bottom_margin = Cm(2.0)

    def para(text: str = "", *, bold: bool = False, center: bool = False) -> Any:
        paragraph = document.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        return paragraph

    para(HEADING, bold=True, center=True)
    para(content["title"], bold=True, center=True)
    if content.get("version", 1) > 1:
        para(f"({LABELS['version']} {content['version']}: {content.get('correction_reason', '')})", center=True)
    para()
    for key in ("date", "time", "place", "chair"):
        if content.get(key):
            para(f"{LABELS[key]}: {content[key]}")
    para()
    para(LABELS["attendees"], bold=True)
    for number, name in enumerate(content["attendees"], start=1):
        para(f"{number}. {name}")
    if content["absent"]:
        para(f"{LABELS['absent']}: {', '.join(content['absent'])}")
    para()
    para(LABELS["agenda"], bold=True)
    for number, item in enumerate(content["agenda"], start=1):
        para(f"{number}. {item['topic']} ({item['presenter']})")
        if item["note"]:
            paragraph = para(item["note"])
            paragraph.paragraph_format.left_indent = Cm(1.0)
    if content["notes"]:
        para()
        para(LABELS["notes"], bold=True)
        for line in content["notes"].splitlines():
            if line.strip():
                para(line.strip())
    para()
    para(LABELS["decisions"], bold=True)
    for decision in content["decisions"]:
        para(f"Karar {decision['number']}: {decision['text']}")
        paragraph = para(f"{LABELS['owner']}: {decision['owner']} · {LABELS['due']}: {decision['due']}")
        paragraph.paragraph_format.left_indent = Cm(1.0)
    para()
    para(LABELS["signatures"], bold=True, center=True)
    signers = content["signers"]
    if signers:
        columns = min(3, len(signers))
        rows = (len(signers) + columns - 1) // columns
        table = document.add_table(rows=rows, cols=columns)
        for index, name in enumerate(signers):
            cell = table.cell(index // columns, index % columns)
            cell.text = ""
            cell_paragraph = cell.paragraphs[0]
            cell_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell_paragraph.add_run("\n\n" + name).font.size = Pt(11)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(content: dict[str, Any]) -> bytes:
    """Raises ``documents.rendering.pdf.PdfUnavailable`` (a Turkish message) without LibreOffice."""
    from pressdesk.documents.rendering.pdf import convert_docx_to_pdf

    return convert_docx_to_pdf(render_docx(content))
