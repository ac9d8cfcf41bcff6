"""Clipping services' exports (Interpress, Ajans Press, Medya Takip Merkezi): rows read from CSV or Excel.

``read_rows`` gives the header and the rows of an export as text; ``guess_mapping``
names, for each field of a clip, the column that holds it by the headers the
services use; ``apply_mapping`` turns a row into a ``ClipRow`` and keeps every
column no field names in ``extra`` (nothing of the export is lost).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pressdesk.lib.turkish import ascii_fold, casefold

MAX_ROWS = 5000

# The fields of a clip an export may carry; ``title`` is required.
FIELDS: dict[str, Any] = {
    "title": gettext_lazy("Title"),
    "outlet": gettext_lazy("Outlet"),
    "date": gettext_lazy("Date"),
    "time": gettext_lazy("Time"),
    "url": gettext_lazy("Address"),
    "text": gettext_lazy("Text"),
    "summary": gettext_lazy("Summary"),
    "reach": gettext_lazy("Reach or circulation"),
    "page": gettext_lazy("Page"),
    "programme": gettext_lazy("Programme"),
    "medium": gettext_lazy("Medium"),
}

# Headers seen in the services' exports, folded (lower case, no Turkish letters, no spaces).
KNOWN_HEADERS: dict[str, tuple[str, ...]] = {
    "title": ("baslik", "haberbasligi", "title", "konu", "manset"),
    "outlet": ("yayin", "yayinadi", "yayinorgani", "medya", "kaynak", "gazete", "kanal", "mecra", "outlet"),
    "date": ("tarih", "yayintarihi", "haberintarihi", "date"),
    "time": ("saat", "yayinsaati", "time"),
    "url": ("link", "url", "adres", "haberlinki", "webadresi"),
    "text": ("metin", "habermetni", "icerik", "text", "tammetin"),
    "summary": ("ozet", "spot", "summary"),
    "reach": ("tiraj", "erisim", "reach", "izlenme", "okunma", "circulation"),
    "page": ("sayfa", "sayfano", "page"),
    "programme": ("program", "programadi", "programme", "kusak"),
    "medium": ("medyaturu", "tur", "yayinturu", "tip", "medium"),
}


class ExportError(ValueError):
    """An export that cannot be read at all (not CSV or Excel, no header, no rows)."""


def fold_header(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(casefold(value or "")))


def read_rows(handle: IO[bytes], name: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a CSV (UTF-8 or Windows-1254, ``;``/``,``/tab) or Excel (.xlsx) export."""
    extension = PurePath(name).suffix.lower()
    if extension == ".xlsx":
        rows = _xlsx_rows(handle)
    elif extension in (".csv", ".txt"):
        rows = _csv_rows(handle.read())
    else:
        raise ExportError(_("Upload the service's export as CSV or Excel (.xlsx)."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ExportError(_("The file has no rows."))
    header = [cell.strip() for cell in rows[0]]
    if len(rows) - 1 > MAX_ROWS:
        raise ExportError(_("The file has more than %(count)d rows; split it.") % {"count": MAX_ROWS})
    return header, rows[1:]


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1254"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1254 decodes nearly everything
        raise ExportError(_("The file's characters cannot be read."))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(handle: IO[bytes]) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    from pressdesk.lib.files import office_file_expands_too_much

    if office_file_expands_too_much(handle):
        raise ExportError(_("The Excel file cannot be read, or it unpacks to more than 100 MB."))
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExportError(_("The Excel file cannot be read.")) from exc
    sheet = book.worksheets[0]
    rows: list[list[str]] = []
    for count, values in enumerate(sheet.iter_rows(values_only=True)):
        if count > MAX_ROWS + 1:
            break
        rows.append([_cell_text(value) for value in values])
    book.close()
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def guess_mapping(header: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """``{field: column}``: the provider's saved mapping where its columns are present, else the known headers."""
    mapping: dict[str, str] = {}
    present = set(header)
    for name, column in (saved or {}).items():
        if name in FIELDS and column in present:
            mapping[name] = column
    taken = set(mapping.values())
    for column in header:
        folded = fold_header(column)
        for name, known in KNOWN_HEADERS.items():
            if name not in mapping and column not in taken and folded in known:
                mapping[name] = column
                taken.add(column)
                break
    return mapping


def unknown_columns(header: list[str], mapping: dict[str, str]) -> list[str]:
    used = set(mapping.values())
    return [column for column in header if column and column not in used]


@dataclass
class ClipRow:
    number: int
    title: str = ""
    outlet: str = ""
    published_at: datetime.datetime | None = None
    url: str = ""
    text: str = ""
    reach: int | None = None
    page: str = ""
    programme: str = ""
    medium: str = ""
    extra: dict[str, str] = field(default_factory=dict)


DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y", "%d-%m-%Y")


def parse_date(value: str, time_value: str = "") -> datetime.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    moment = datetime.time()
    if " " in value and not time_value:
        value, time_value = value.split(" ", 1)
    if time_value:
        try:
            moment = datetime.time.fromisoformat(time_value.strip()[:5].rjust(5, "0"))
        except ValueError:
            moment = datetime.time()
    for date_format in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007 - a date, zone added below
        except ValueError:
            continue
        return datetime.datetime.combine(day, moment, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return None


def parse_count(value: str) -> int | None:
    digits = re.sub(r"[.\s,]", "", (value or "").strip())
    return int(digits) if digits.isdigit() and len(digits) < 13 else None


def apply_mapping(number: int, header: list[str], row: list[str], mapping: dict[str, str]) -> ClipRow:
    cells = {column: (row[index].strip() if index < len(row) else "") for index, column in enumerate(header)}
    get = lambda name: cells.get(mapping.get(name, ""), "")  # noqa: E731
    summary, text = get("summary"), get("text")
    clip = ClipRow(
        number=number,
        title=get("title"),
        outlet=get("outlet"),
        published_at=parse_date(get("date"), get("time")),
        url=get("url"),
        text="\n\n".join(part for part in (summary, text) if part),
        reach=parse_count(get("reach")),
        page=get("page")[:50],
        programme=get("programme")[:300],
        medium=get("medium"),
    )
    used = set(mapping.values())
    clip.extra = {column: value for column, value in cells.items() if column not in used and column and value}
    # Cells beyond the header are kept too.
    for index in range(len(header), len(row)):
        if row[index].strip():
            clip.extra[f"#{index + 1}"] = row[index].strip()
    return clip
