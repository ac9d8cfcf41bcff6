"""The unit's activity statistics (Kocaeli preamble): the figures every module registers in
``lib/activity.py``, collected for a period of a province, drawn as SVG bar charts on the server,
and the annual activity report (faaliyet raporu) section as a DOCX the unit edits.

This module only collects: each figure is one grouped query of its module, so a year of a whole
province is a constant number of queries (one per figure, one for the process names).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from pressdesk.lib import activity

# --- the period ---------------------------------------------------------------------------------

PARTS = ["year", "h1", "h2", "q1", "q2", "q3", "q4"] + [f"m{month:02d}" for month in range(1, 13)]


def period_bounds(year: int, part: str) -> tuple[datetime.date, datetime.date]:
    """[start, end) of a year, a half, a quarter or a month (``m01``–``m12``)."""
    if part.startswith("h"):
        first, length = 1 + 6 * (int(part[1]) - 1), 6
    elif part.startswith("q"):
        first, length = 1 + 3 * (int(part[1]) - 1), 3
    elif part.startswith("m"):
        first, length = int(part[1:]), 1
    else:
        first, length = 1, 12
    start = datetime.date(year, first, 1)
    last = first + length
    end = datetime.date(year + (last > 12), (last - 1) % 12 + 1, 1)
    return start, end


# --- the charts -----------------------------------------------------------------------------------

CHART_WIDTH = 600
CHART_HEIGHT = 150
AXIS = 20  # room for the month labels under the bars


@dataclass
class Bar:
    """One month's bar; coordinates as SVG attribute text (a dot decimal, whatever the language)."""

    x: str
    y: str
    width: str
    height: str
    label: str
    value: str


@dataclass
class Row:
    figure: activity.Figure
    process_name: str
    total: str
    bars: list[Bar] = field(default_factory=list)
    series: list[tuple[datetime.date, str]] = field(default_factory=list)


MONTH_ABBR = ["Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"]


def _fmt(value: float, unit: str) -> str:
    if unit == "count" or float(value).is_integer():
        text = f"{value:,.0f}".replace(",", ".")
    else:
        text = f"{value:.1f}".replace(".", ",")
    return text + ("%" if unit == "percent" else "")


def _bars(series: dict[datetime.date, float], unit: str) -> list[Bar]:
    values = list(series.items())
    if not values:
        return []
    top = max(value for _month, value in values) or 1.0
    slot = CHART_WIDTH / len(values)
    width = max(slot * 0.7, 1.0)
    room = CHART_HEIGHT - AXIS
    bars = []
    for index, (month, value) in enumerate(values):
        height = room * value / top
        bars.append(
            Bar(
                x=f"{index * slot + (slot - width) / 2:.1f}",
                y=f"{room - height:.1f}",
                width=f"{width:.1f}",
                height=f"{height:.1f}",
                label=MONTH_ABBR[month.month - 1] if len(values) <= 12 else f"{month.month:02d}.{month.year % 100}",
                value=_fmt(value, unit),
            )
        )
    return bars


def collect(province: Any, start: datetime.date, end: datetime.date) -> list[Row]:
    """Every registered figure with its monthly bars and its total for the period."""
    from pressdesk.organizations.models import Process

    collected = activity.collect(province, start, end)
    names = dict(
        Process.objects.filter(code__in={figure.process for figure, _s, _t in collected}).values_list("code", "name")
    )
    rows = []
    for figure, series, total in collected:
        rows.append(
            Row(
                figure=figure,
                process_name=names.get(figure.process, ""),
                total=_fmt(total, figure.unit),
                bars=_bars(series, figure.unit),
                series=[(month, _fmt(value, figure.unit)) for month, value in series.items()],
            )
        )
    return rows


@dataclass
class DurationLine:
    """One group (a chain step, or the whole figure) of a duration figure: the period and its months."""

    label: Any  # lazily translated (the DOCX is in Turkish whatever the page's language)
    count: str
    median: str
    p90: str
    months: list[tuple[datetime.date, str, str, str]] = field(default_factory=list)


@dataclass
class DurationRow:
    figure: activity.DurationFigure
    lines: list[DurationLine] = field(default_factory=list)


def _fmt_duration(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def collect_durations(province: Any, start: datetime.date, end: datetime.date) -> list[DurationRow]:
    """Every registered duration figure (answer times, approval cycle times per step) for the period:
    count, median and 90th percentile, overall and per month; one query per figure."""
    period = activity.months(start, end)
    rows = []
    for figure, groups in activity.collect_durations(province, start, end):
        row = DurationRow(figure=figure)
        for group in groups:
            line = DurationLine(
                label=group.label,
                count=_fmt(group.period.count, "count"),
                median=_fmt_duration(group.period.median),
                p90=_fmt_duration(group.period.p90),
            )
            for month in period:
                found = group.months.get(month, activity.Durations())
                line.months.append(
                    (month, _fmt(found.count, "count"), _fmt_duration(found.median), _fmt_duration(found.p90))
                )
            row.lines.append(line)
        rows.append(row)
    return rows


def unit_label(unit: str) -> str:
    return {"count": "", "hours": _("hours"), "days": _("days"), "percent": ""}.get(unit, "")


# --- the annual activity report -------------------------------------------------------------------

REPORT_HEADING = "FAALİYET RAPORU"
REPORT_SECTION = "Basın ve İletişim Birimi Faaliyetleri"


def render_report_docx(
    province_name: str,
    start: datetime.date,
    end: datetime.date,
    rows: list[Row],
    durations: list[DurationRow] | None = None,
) -> bytes:
    """The report's section as DOCX: the unit edits the text around the figures before filing it.

    Turkish headings, as the paper the unit files; the page set-up and fonts of the official letters.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from pressdesk.documents.rendering.docx import FONT, FONT_SIZE, MARGIN, set_font

    with translation.override("tr"):
        labels = {row.figure.key: str(row.figure.label) for row in rows}
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

    last = end - datetime.timedelta(days=1)
    para(province_name, bold=True, center=True)
    para(f"{start.year} {REPORT_HEADING}" if start.year == last.year else REPORT_HEADING, bold=True, center=True)
    para(REPORT_SECTION, bold=True, center=True)
    para(f"Dönem: {start:%d.%m.%Y} – {last:%d.%m.%Y}", center=True)
    para()
    para(
        "Birimimiz dönem içinde aşağıdaki faaliyetleri yürütmüştür. Rakamlar Basın Masası kayıtlarından "
        "derlenmiştir; açıklamalar birimce doldurulur."
    )
    process = None
    for row in rows:
        if row.figure.process != process:
            process = row.figure.process
            para()
            para(f"{process} {row.process_name}".strip(), bold=True)
        para(f"{labels[row.figure.key]}: {row.total}")
    para()
    para("AYLIK DAĞILIM", bold=True)
    months = [month for month, _value in rows[0].series] if rows else []
    if rows and months:
        table = document.add_table(rows=len(rows) + 1, cols=len(months) + 2)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text = "Gösterge"
        for index, month in enumerate(months, start=1):
            header[index].text = f"{MONTH_ABBR[month.month - 1]} {month.year % 100:02d}"
        header[-1].text = "Toplam"
        for line, row in enumerate(rows, start=1):
            cells = table.rows[line].cells
            cells[0].text = labels[row.figure.key]
            for index, (_month, value) in enumerate(row.series, start=1):
                cells[index].text = value
            cells[-1].text = row.total
        for table_row in table.rows:
            for cell in table_row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
    with translation.override("tr"):
        duration_labels = {item.figure.key: str(item.figure.label) for item in durations or []}
        group_labels = [[str(line.label) for line in item.lines] for item in durations or []]
    for item, groups in zip(durations or [], group_labels, strict=True):
        para()
        para(f"{duration_labels[item.figure.key]} (saat)", bold=True)
        if not item.lines:
            para("Dönem içinde kayıt yok.")
            continue
        table = document.add_table(rows=len(item.lines) + 1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["", "Sayı", "Ortanca", "%90"], strict=True):
            cell.text = text
        for number, (entry, label) in enumerate(zip(item.lines, groups, strict=True), start=1):
            cells = table.rows[number].cells
            cells[0].text = label or "Tümü"
            cells[1].text, cells[2].text, cells[3].text = entry.count, entry.median, entry.p90
    para()
    para("Değerlendirme:", bold=True)
    para("…")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
