"""The report written out: e-mail HTML (inline styles, tables, no scripts), plain text, and PDF.

The PDF is a Word document made with python-docx and converted by LibreOffice
through the letters' helper (``documents.rendering.pdf.convert_docx_to_pdf``),
cached under ``MEDIA_ROOT/reports/rendered/<hash>.pdf`` by content, so a
hundred recipients with the same scope cost one conversion.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pressdesk.approvals.registry import content_hash
from pressdesk.documents.rendering.pdf import convert_docx_to_pdf
from pressdesk.reports.content import ReportContent
from pressdesk.reports.models import Report

CACHE_DIR = "reports/rendered"
LAYOUT_VERSION = 1
TONE_COLORS = {"negative": "#b02a37", "neutral": "#57606a", "positive": "#146c43", "unknown": "#8c959f"}
TONE_HEX = {key: value.lstrip("#") for key, value in TONE_COLORS.items()}


def _context(content: ReportContent, *, show_statistics_link: bool = False) -> dict[str, Any]:
    totals = [
        (_("News items"), content.totals.items, "#0b3d6b"),
        (_("Stories"), content.totals.stories, "#0b3d6b"),
        (_("Negative stories"), content.totals.negative_stories, TONE_COLORS["negative"]),
        (_("Important stories"), content.totals.important_stories, "#9a6700"),
    ]
    sentiments = [{**row, "color": TONE_COLORS.get(row["tone"], TONE_COLORS["unknown"])} for row in content.sentiments]
    important = [
        {**story.__dict__, "color": TONE_COLORS.get(story.tone, TONE_COLORS["unknown"])} for story in content.important
    ]
    others = [
        {**story.__dict__, "color": TONE_COLORS.get(story.tone, TONE_COLORS["unknown"])} for story in content.others
    ]
    return {
        "c": content,
        "others": others,
        "totals": totals,
        "sentiments": sentiments,
        "important": important,
        "show_statistics_link": show_statistics_link,
    }


def render_html(content: ReportContent, *, show_statistics_link: bool = False) -> str:
    return render_to_string("reports/email/report.html", _context(content, show_statistics_link=show_statistics_link))


def render_text(content: ReportContent) -> str:
    return render_to_string("reports/email/report.txt", _context(content))


def pdf_filename(report: Report) -> str:
    end = timezone.localtime(report.period_end)
    return f"medya-takip-{report.kind}-{end:%Y-%m-%d}.pdf"


def render_pdf(content: ReportContent) -> bytes:
    """The report as PDF (LibreOffice), from the cache when the same content was converted before."""
    name = f"{CACHE_DIR}/{content_hash({'v': LAYOUT_VERSION, **_jsonable(content.cache_key_data())})}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            data: bytes = cached.read()
        if data.startswith(b"%PDF"):
            return data
        default_storage.delete(name)
    data = convert_docx_to_pdf(build_docx(content))
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def build_docx(content: ReportContent) -> bytes:
    """A4 portrait: heading, lead, totals, tone, institutions, then the important stories."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    from pressdesk.documents.rendering.docx import set_font

    font = "Liberation Sans"
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = font  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    set_font(normal.element, font)
    for style_name in ("Heading 1", "Heading 2", "Title"):
        style = document.styles[style_name]
        style.font.name = font  # type: ignore[attr-defined]
        style.font.color.rgb = RGBColor(0x0B, 0x3D, 0x6B)  # type: ignore[attr-defined]
        set_font(style.element, font)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(1.6)

    document.add_paragraph(content.heading).runs[0].font.size = Pt(9)
    document.add_heading(content.title, level=1)
    document.add_paragraph(f"{content.period_label} · {content.scope_label}")
    if content.lead:
        for paragraph in content.lead.splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())

    def table(header: list[str], rows: list[list[Any]]) -> None:
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Light Grid Accent 1"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = grid.add_row().cells
            for n, (cell, value) in enumerate(zip(cells, row, strict=True)):
                cell.text = f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)
                if n:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    totals = _context(content)["totals"]
    table([label for label, _value, _color in totals], [[value for _label, value, _color in totals]])
    if content.is_empty:
        document.add_paragraph(_("No news concerning us was found in this period."))
    else:
        document.add_heading(_("Tone of the news"), level=2)
        table(
            [_("Tone"), _("Stories"), _("News items")],
            [[row["label"], row["stories"], row["items"]] for row in content.sentiments],
        )
        if content.institutions:
            document.add_heading(_("News by institution"), level=2)
            table(
                [_("Institution"), _("Stories"), _("Negative"), _("Positive")],
                [[row["name"], row["stories"], row["negative"], row["positive"]] for row in content.institutions],
            )
        document.add_heading(_("Important and negative news"), level=2)
        if not content.important:
            document.add_paragraph(_("No important or negative news in this period."))
        for story in content.important:
            meta = document.add_paragraph()
            tone = meta.add_run(story.tone_label or _("Not assessed"))
            tone.bold = True
            tone.font.color.rgb = RGBColor.from_string(TONE_HEX.get(story.tone, TONE_HEX["unknown"]).upper())
            details = [_("Importance: %(level)s") % {"level": story.importance_label}]
            if story.institutions:
                details.append(", ".join(story.institutions))
            meta.add_run(" · " + " · ".join(details)).font.size = Pt(9)
            meta.paragraph_format.space_after = Pt(0)
            title = document.add_paragraph()
            title.add_run(story.title).bold = True
            title.paragraph_format.space_after = Pt(0)
            if story.summary:
                document.add_paragraph(story.summary).paragraph_format.space_after = Pt(0)
            footer = [", ".join(story.outlets)] if story.outlets else []
            if story.url:
                footer.append(story.url)
            if footer:
                note = document.add_paragraph(" · ".join(footer))
                for run in note.runs:
                    run.font.size = Pt(8)
        if content.others:
            document.add_heading(_("Other news"), level=2)
            for story in content.others:
                line = document.add_paragraph(style="List Bullet")
                line.add_run(story.title).bold = True
                extra = [", ".join(story.outlets)] if story.outlets else []
                if story.tone_label:
                    extra.insert(0, story.tone_label)
                if extra:
                    line.add_run(" · " + " · ".join(extra)).font.size = Pt(8)
    properties = document.core_properties
    properties.title = content.title
    properties.author = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_message(
    *, report: Report, content: ReportContent, to: str, show_statistics_link: bool
) -> EmailMultiAlternatives:
    """The e-mail to one address: plain text, the HTML alternative, the PDF attached."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_html(content, show_statistics_link=show_statistics_link)
        text = render_text(content)
        pdf = render_pdf(content)
    message = EmailMultiAlternatives(subject=content.title, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.attach(pdf_filename(report), pdf, "application/pdf")
    if report.kind == "daily" and show_statistics_link:  # the unit's distribution list, not an institution's copy
        _attach_ministry_reports(message, report)
    return message


def _attach_ministry_reports(message: EmailMultiAlternatives, report: Report) -> None:
    """The Ministry's monitoring reports of the period (issue 30, 1.3.2), forwarded with the daily report."""
    from pressdesk.monitoring.queries import ministry_reports_between

    for ministry in ministry_reports_between(report.organization_id, report.period_start, report.period_end):
        try:
            with ministry.file.open("rb") as handle:
                message.attach(ministry.original_name, handle.read(), "application/pdf")
        except FileNotFoundError:
            continue
