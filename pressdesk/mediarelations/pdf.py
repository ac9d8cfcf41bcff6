"""The coverage report as PDF (3.7.3): a DOCX built with python-docx, converted by LibreOffice.

The same way the statistics and the letters are made (``documents.rendering.pdf``): per
release, what was sent and when, to whom (names and outlets; e-mail addresses only for the
roles that see personal fields), the coverage found (outlet, time, share of the text kept,
sentiment, reach) and the total reach; a period's report puts a summary table first.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.documents.rendering.pdf import convert_docx_to_pdf
from pressdesk.mediarelations.models import Release

FONT = "Liberation Sans"


def _when(value: Any) -> str:
    return f"{timezone.localtime(value):%d.%m.%Y %H:%M}" if value else "—"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Light Grid Accent 1"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = value


def _document() -> Any:
    from docx import Document
    from docx.shared import Cm, Pt

    from pressdesk.documents.rendering.docx import set_font

    document = Document()
    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[style_name]
        style.font.name = FONT  # type: ignore[attr-defined]
        set_font(style.element, FONT)
    document.styles["Normal"].font.size = Pt(9)  # type: ignore[attr-defined]
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    document.core_properties.author = ""
    return document


def _release_section(document: Any, row: dict[str, Any], *, personal: bool, level: int) -> None:
    release: Release = row["release"]
    document.add_heading(f"{release.get_kind_display()}: {release.title}", level=level)
    document.add_paragraph(
        _("Sent at %(when)s to %(count)d recipients; picked up %(picked)d times; total reach %(reach)s.")
        % {
            "when": _when(release.sent_at),
            "count": row["recipients"],
            "picked": row["picked_up"],
            "reach": _number(row["reach"]),
        }
    )
    document.add_heading(_("Sent to"), level=level + 1)
    deliveries = sorted(release.deliveries.all(), key=lambda d: (d.name, d.pk))
    header = [_("Name"), _("Outlet"), _("Status"), _("Sent at")]
    if personal:
        header.insert(2, _("E-mail"))
    rows = []
    for delivery in deliveries:
        cells = [delivery.name, delivery.outlet_name or "—", delivery.get_status_display(), _when(delivery.sent_at)]
        if personal:
            cells.insert(2, delivery.email)
        rows.append(cells)
    if rows:
        _table(document, header, rows)
    else:
        document.add_paragraph(_("Not sent to anyone."))
    document.add_heading(_("Pick-up"), level=level + 1)
    links = sorted(
        (c for c in release.coverage.all() if not c.removed),
        key=lambda c: (c.item.published_at is None, c.item.published_at, c.pk),
    )
    if not links:
        document.add_paragraph(_("Monitoring has found no pick-up yet."))
        return
    _table(
        document,
        [_("Outlet"), _("News item"), _("Published at"), _("Text kept"), _("Sentiment"), _("Reach")],
        [
            [
                c.item.outlet.name,
                c.item.title,
                _when(c.item.published_at),
                f"%{round(c.kept_share * 100)}",
                c.item.get_sentiment_suggested_display() or "—",
                _number(c.item.outlet.reach) if c.item.outlet.reach else "—",
            ]
            for c in links
        ],
    )


def _save(document: Any, title: str) -> bytes:
    document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return convert_docx_to_pdf(out.getvalue())


def release_pdf(row: dict[str, Any], *, personal: bool) -> bytes:
    """One release's coverage report; ``row`` is one of ``queries.release_figures``."""
    document = _document()
    title = _("Coverage report")
    document.add_heading(title, level=1)
    _release_section(document, row, personal=personal, level=2)
    return _save(document, f"{title}: {row['release'].title}")


def period_pdf(rows: list[dict[str, Any]], *, start: Any, end: Any, personal: bool) -> bytes:
    """A period's coverage report: a summary table, then every release's section."""
    document = _document()
    title = _("Coverage report")
    document.add_heading(title, level=1)
    picked = sum(1 for r in rows if r["picked_up"])
    document.add_paragraph(
        _("From %(start)s to %(end)s: %(sent)s releases sent, %(picked)s picked up.")
        % {"start": f"{start:%d.%m.%Y}", "end": f"{end:%d.%m.%Y}", "sent": len(rows), "picked": picked}
    )
    if rows:
        _table(
            document,
            [_("Title"), _("Sent at"), _("Recipients"), _("Picked up"), _("Outlets"), _("Days to pick-up"), _("Reach")],
            [
                [
                    r["release"].title,
                    _when(r["release"].sent_at),
                    str(r["recipients"]),
                    str(r["picked_up"]),
                    ", ".join(r["outlets"]) or "—",
                    str(r["days_to_pickup"]).replace(".", ",") if r["days_to_pickup"] is not None else "—",
                    _number(r["reach"]),
                ]
                for r in rows
            ],
        )
    for row in rows:
        _release_section(document, row, personal=personal, level=2)
    return _save(document, title)
