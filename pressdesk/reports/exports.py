"""The statistics as an Excel workbook (openpyxl write-only, streamed from a temporary file) and as PDF."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from pressdesk.documents.rendering.pdf import convert_docx_to_pdf
from pressdesk.lib.spreadsheet import neutralize_row
from pressdesk.reports import figures


@dataclass
class Statistics:
    title: str
    period_label: str
    scope_label: str
    totals: figures.Totals
    volume: list[dict[str, Any]]
    sentiments: list[dict[str, Any]]
    institutions: list[dict[str, Any]]
    outlets: list[dict[str, Any]]
    outlet_kinds: list[dict[str, Any]]
    negative_outlets: list[dict[str, Any]]
    share_of_voice: list[dict[str, Any]] = field(default_factory=list)

    def charts(self) -> dict[str, bytes]:
        """The PDF's charts (PNG) by the title of the table each stands above; none for an empty table."""
        from pressdesk.reports import charts

        drawn = {
            _("Volume over time"): charts.volume_chart(self.volume),
            _("Tone of the news"): charts.tone_chart(self.sentiments),
            _("News by institution"): charts.ranking_chart(
                self.institutions, name="name", value="stories", label=_("Stories")
            ),
            _("News by outlet"): charts.ranking_chart(self.outlets, name="name", value="items", label=_("News items")),
        }
        return {title: png for title, png in drawn.items() if png}

    def sections(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """Every table of the page: ``(title, header, rows)``."""
        t = self.totals
        tables = [
            (
                _("Summary"),
                [
                    _("News items"),
                    _("Stories"),
                    _("Outlets"),
                    _("Negative stories"),
                    _("Important stories"),
                    _("Reach"),
                ],
                [[t.items, t.stories, t.outlets, t.negative_stories, t.important_stories, t.reach]],
            ),
            (
                _("Volume over time"),
                [_("Date"), _("News items"), _("Stories"), _("Reach")],
                [[row["label"], row["items"], row["stories"], row["reach"]] for row in self.volume],
            ),
            (
                _("Tone of the news"),
                [_("Tone"), _("Stories"), _("News items")],
                [[row["label"], row["stories"], row["items"]] for row in self.sentiments],
            ),
            (
                _("News by institution"),
                [_("Institution"), _("Stories"), _("News items"), _("Negative"), _("Positive")],
                [[r["name"], r["stories"], r["items"], r["negative"], r["positive"]] for r in self.institutions],
            ),
            (
                _("News by outlet"),
                [_("Outlet"), _("Type"), _("News items"), _("Stories"), _("Negative"), _("Reach")],
                [[r["name"], r["kind"], r["items"], r["stories"], r["negative"], r["reach"]] for r in self.outlets],
            ),
            (
                _("News by outlet type"),
                [_("Type"), _("Outlets"), _("News items"), _("Negative"), _("Reach")],
                [[r["label"], r["outlets"], r["items"], r["negative"], r["reach"]] for r in self.outlet_kinds],
            ),
            (
                _("Outlets with the most negative news"),
                [_("Outlet"), _("Type"), _("Negative news items"), _("Stories"), _("Reach")],
                [[r["name"], r["kind"], r["items"], r["stories"], r["reach"]] for r in self.negative_outlets],
            ),
        ]
        if len(self.share_of_voice) > 1:  # only when comparisons were chosen
            tables.append(
                (
                    _("Share of voice"),
                    [_("Compared"), _("News items"), _("Share (%)"), _("Reach"), _("Share of reach (%)")],
                    [[r["name"], r["items"], r["share"], r["reach"], r["reach_share"]] for r in self.share_of_voice],
                )
            )
        return tables


def write_xlsx(stats: Statistics) -> IO[bytes]:
    """One sheet per table; returns an open temporary file positioned at its start."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in stats.sections():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(neutralize_row([stats.title]))
        sheet.append(neutralize_row([stats.period_label, stats.scope_label]))
        sheet.append([])
        sheet.append(neutralize_row(header))
        for row in rows:
            sheet.append(neutralize_row(row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def build_docx(stats: Statistics, *, with_charts: bool = True) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from pressdesk.documents.rendering.docx import set_font

    font = "Liberation Sans"
    document = Document()
    for style_name in ("Normal", "Heading 1", "Heading 2"):
        style = document.styles[style_name]
        style.font.name = font  # type: ignore[attr-defined]
        set_font(style.element, font)
    document.styles["Normal"].font.size = Pt(9)  # type: ignore[attr-defined]
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    document.add_heading(stats.title, level=1)
    document.add_paragraph(f"{stats.period_label} · {stats.scope_label}")
    charts = stats.charts() if with_charts else {}
    for title, header, rows in stats.sections():
        document.add_heading(title, level=2)
        if not rows:
            document.add_paragraph(_("No data in this period."))
            continue
        if title in charts:
            document.add_picture(io.BytesIO(charts[title]), width=Cm(17))
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Light Grid Accent 1"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = grid.add_row().cells
            for n, (cell, value) in enumerate(zip(cells, row, strict=True)):
                cell.text = f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)
                if n and isinstance(value, int):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.core_properties.title = stats.title
    document.core_properties.author = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(stats: Statistics) -> bytes:
    return convert_docx_to_pdf(build_docx(stats))
