"""Reading and checking a media contact list uploaded as .xlsx or .csv (same rules as the user import).

``check_import`` reads every row and says, per row, what is wrong; nothing is
written here: ``actions.import_contacts`` writes every row or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from pressdesk.lib import turkish
from pressdesk.lib.files import validate_document_upload
from pressdesk.lib.phone import format_mobile, normalize_mobile
from pressdesk.mediarelations.models import MediaContact

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("ad soyad", "adı soyadı", "ad", "isim", "name", "full name"),
    "outlet": ("kuruluş", "kurum", "yayın organı", "medya", "gazete", "outlet", "media"),
    "role": ("görev", "görevi", "unvan", "role", "title"),
    "beat": ("alan", "muhabirlik alanı", "konu", "beat"),
    "mobile": ("cep", "cep telefonu", "telefon", "gsm", "mobile", "phone"),
    "phone": ("sabit telefon", "iş telefonu", "diğer telefon", "landline", "other phone"),
    "email": ("e-posta", "eposta", "e-mail", "email", "mail"),
    "social": ("sosyal medya", "social", "social media"),
    "tags": ("etiketler", "etiket", "tags", "tag"),
    "source": ("kaynak", "veri kaynağı", "source"),
}
REQUIRED = ("name",)

ROLE_WORDS = {  # the first word found decides: "ajans muhabiri" is an agency office
    "ajans": MediaContact.Role.AGENCY,
    "agency": MediaContact.Role.AGENCY,
    "program": MediaContact.Role.PROGRAMME_MAKER,
    "kanaat": MediaContact.Role.OPINION_LEADER,
    "opinion": MediaContact.Role.OPINION_LEADER,
    "editör": MediaContact.Role.EDITOR,
    "editor": MediaContact.Role.EDITOR,
    "muhabir": MediaContact.Role.CORRESPONDENT,
    "correspondent": MediaContact.Role.CORRESPONDENT,
}

_LANDLINE = re.compile(r"[2-4]\d{9}")


@dataclass
class ImportRow:
    line: int
    name: str = ""
    outlet_id: int | None = None
    outlet_name: str = ""
    role: str = MediaContact.Role.JOURNALIST
    beat: str = ""
    mobile: str = ""
    phone: str = ""
    email: str = ""
    social: str = ""
    tags: list[str] = field(default_factory=list)
    source: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[ImportRow]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and all(not row.errors for row in self.rows)

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]


def _heading(text: str) -> str | None:
    key = turkish.casefold(text.strip())
    for name, aliases in COLUMNS.items():
        if key in {turkish.casefold(a) for a in aliases}:
            return name
    return None


def _table(upload: UploadedFile) -> list[list[str]]:
    from pressdesk.accounts.importing import _csv_rows, _xlsx_rows

    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise ValidationError(_("Upload the contact list as an Excel (.xlsx) or CSV (.csv) file."))
    validate_document_upload(upload, max_bytes=MAX_BYTES)
    upload.seek(0)
    data = upload.read()
    rows = _xlsx_rows(data) if extension == ".xlsx" else _csv_rows(data)
    table = []
    for row in rows:
        table.append([cell.strip() for cell in row])
        if len(table) > MAX_ROWS + 1:
            raise ValidationError(_("The file has more than %(count)d rows.") % {"count": MAX_ROWS})
    return table


def split_phone(raw: str) -> tuple[str, str]:
    """``(mobile, other phone)`` of a number written in any Turkish format; raises ``ValueError``."""
    try:
        return normalize_mobile(raw), ""
    except ValidationError:
        pass
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0090"):
        digits = digits[4:]
    elif digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    digits = digits.removeprefix("0")
    if _LANDLINE.fullmatch(digits):
        return "", f"0{digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"
    if re.fullmatch(r"444\d{4}", digits):
        return "", f"{digits[:3]} {digits[3:]}"
    raise ValueError(raw)


def _role(text: str) -> str:
    folded = turkish.casefold(text)
    for word, role in ROLE_WORDS.items():
        if word in folded:
            return role
    return MediaContact.Role.JOURNALIST


def check_import(upload: UploadedFile) -> ImportReport:
    """Read and check every row of ``upload``; nothing is written."""
    from pressdesk.monitoring.models import Outlet

    try:
        table = _table(upload)
    except ValidationError as exc:
        return ImportReport(rows=[], error=" ".join(exc.messages))
    header_at = next((i for i, row in enumerate(table) if any(row)), None)
    if header_at is None:
        return ImportReport(rows=[], error=_("The file is empty."))
    columns: dict[int, str] = {}
    for i, cell in enumerate(table[header_at]):
        name = _heading(cell)
        if name and name not in columns.values():
            columns[i] = name
    if "name" not in columns.values():
        return ImportReport(rows=[], error=_("The first row must name the columns; the name column is missing."))
    outlets = {turkish.casefold(o.name): o.pk for o in Outlet.objects.only("pk", "name")}
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(cells):
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in columns.items()}
        row = ImportRow(
            line=line,
            name=" ".join(values.get("name", "").split())[:150],
            beat=values.get("beat", "")[:100],
            social=values.get("social", "")[:300],
            source=values.get("source", "")[:200],
            role=_role(values.get("role", "")),
            tags=[t.strip()[:80] for t in re.split(r"[,;]", values.get("tags", "")) if t.strip()],
        )
        if not row.name:
            row.errors.append(_("the name is empty"))
        outlet = values.get("outlet", "")
        if outlet:
            row.outlet_name = outlet
            row.outlet_id = outlets.get(turkish.casefold(outlet))
            if row.outlet_id is None:
                row.errors.append(_("no outlet “%(name)s” in monitoring; add it there first") % {"name": outlet})
        for column in ("mobile", "phone"):
            raw = values.get(column, "")
            if not raw:
                continue
            try:
                mobile, other = split_phone(raw)
            except ValueError:
                row.errors.append(_("“%(number)s” is not a Turkish phone number") % {"number": raw})
                continue
            if mobile and not row.mobile:
                row.mobile = mobile
            elif other or mobile:
                row.phone = other or format_mobile(mobile)
        email = values.get("email", "").strip()
        if email:
            try:
                validate_email(email)
                row.email = email
            except ValidationError:
                row.errors.append(_("“%(email)s” is not a valid e-mail address") % {"email": email})
        if not (row.email or row.mobile or row.phone) and row.name:
            row.errors.append(_("neither an e-mail address nor a phone number"))
        for key in (turkish.casefold(row.email), row.mobile):
            if not key:
                continue
            if key in seen:
                row.errors.append(_("the same person as line %(line)d") % {"line": seen[key]})
                break
        for key in (turkish.casefold(row.email), row.mobile):
            if key:
                seen.setdefault(key, line)
        rows.append(row)
    if not rows:
        return ImportReport(rows=[], error=_("The file has a header row but no contacts under it."))
    return ImportReport(rows=rows)
