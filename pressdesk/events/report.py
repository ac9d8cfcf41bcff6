"""The event report (point 7): what happened, the press present (from the check-in list), the
photos and the coverage, as a content dict and as DOCX/PDF built from it — the way the meeting
minutes are printed (``meetings/rendering.py``: python-docx, then LibreOffice for the PDF)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from pressdesk.documents.rendering.layout import format_date

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.events.models import Event


def report_content(user: User, event: Event) -> dict[str, Any]:
    from pressdesk.events import queries

    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    invitees = queries.invitees_of(event)
    present = [i for i in invitees if getattr(i, "invitation", None) and i.invitation.checked_in_at]
    return {
        "title": event.title,
        "kind": event.kind_label,
        "date": format_date(start.date()),
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "place": event.where,
        "institution": event.institution.name if event.institution else "",
        "attendees": [u.get_full_name() or u.username for u in queries.attendees_of(event)],
        "summary": event.summary,
        "slots": [
            {
                "kind": str(slot.get_kind_display()),
                "time": f"{timezone.localtime(slot.start):%d.%m.%Y %H:%M}",
                "topic": slot.topic,
                "journalist": ", ".join(p for p in (slot.journalist, slot.outlet) if p),
                "spokesperson": slot.spokesperson,
                "result": slot.result_url,
            }
            for slot in queries.slots_of(event)
        ],
        "press": [
            {
                "name": i.name,
                "outlet": i.outlet_label,
                "people": i.invitation.people or 1,
                "camera": i.invitation.camera_crew,
            }
            for i in present
        ],
        "turnout": queries.attendance(event),
        "photos": event.photos.count(),
        "story": event.story.title if event.story_id and event.story else "",
        "coverage": [
            {
                "outlet": row["outlet__name"],
                "title": row["title"],
                "date": f"{timezone.localtime(row['published_at']):%d.%m.%Y %H:%M}",
                "url": row["url"],
            }
            for row in queries.coverage_of(user, event)
        ],
    }


# Headings of the document: Turkish, as the paper the unit files.
HEADING = "ETKİNLİK RAPORU"
LABELS = {
    "kind": "Tür",
    "date": "Tarih",
    "time": "Saat",
    "place": "Yer",
    "institution": "İlgili kurum",
    "attendees": "Müdürlükten katılanlar",
    "summary": "NELER OLDU",
    "slots": "BASIN TOPLANTILARI VE RÖPORTAJLAR",
    "spokesperson": "Sözcü",
    "result": "Yayımlanan",
    "press": "KATILAN BASIN",
    "turnout": "Davet edilen: {invited} · Katılacağını bildiren: {said_yes} · Gelen: {arrived} ({arrived_people} kişi, "
    "{camera_crews} kamera ekibi)",
    "photos": "Fotoğraf sayısı",
    "story": "Hazırlanan haber",
    "coverage": "BASINDA YER ALMA",
    "none": "Yok.",
}


def render_docx(content: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

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
    para()
    for key in ("kind", "date", "time", "place", "institution"):
        if content.get(key):
            para(f"{LABELS[key]}: {content[key]}")
    if content["attendees"]:
        para(f"{LABELS['attendees']}: {', '.join(content['attendees'])}")
    para()
    para(LABELS["summary"], bold=True)
    for line in (content["summary"] or LABELS["none"]).splitlines():
        if line.strip():
            para(line.strip())
    if content["slots"]:
        para()
        para(LABELS["slots"], bold=True)
        for slot in content["slots"]:
            para(
                f"{slot['time']} · {slot['kind']}: {slot['topic']}"
                + (f" ({slot['journalist']})" if slot["journalist"] else "")
            )
            extra = [f"{LABELS['spokesperson']}: {slot['spokesperson']}" if slot["spokesperson"] else ""]
            extra.append(f"{LABELS['result']}: {slot['result']}" if slot["result"] else "")
            if any(extra):
                para(" · ".join(e for e in extra if e)).paragraph_format.left_indent = Cm(1.0)
    para()
    para(LABELS["press"], bold=True)
    para(LABELS["turnout"].format(**content["turnout"]))
    for number, person in enumerate(content["press"], start=1):
        para(f"{number}. {person['name']}" + (f" — {person['outlet']}" if person["outlet"] else ""))
    para()
    para(f"{LABELS['photos']}: {content['photos']}")
    if content["story"]:
        para(f"{LABELS['story']}: {content['story']}")
    para()
    para(LABELS["coverage"], bold=True)
    if not content["coverage"]:
        para(LABELS["none"])
    for number, item in enumerate(content["coverage"], start=1):
        para(f"{number}. {item['outlet']} — {item['title']} ({item['date']})")
        if item["url"]:
            para(item["url"]).paragraph_format.left_indent = Cm(1.0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(content: dict[str, Any]) -> bytes:
    """Raises ``documents.rendering.pdf.PdfUnavailable`` (a Turkish message) without LibreOffice."""
    from pressdesk.documents.rendering.pdf import convert_docx_to_pdf

    return convert_docx_to_pdf(render_docx(content))
