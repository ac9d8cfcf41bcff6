"""Reading and checking a user list uploaded as .xlsx or .csv.

Two steps, both free of side effects:

* ``read_upload`` turns the file into ``(line, {field: text})`` pairs, or
  refuses the whole file (wrong type, empty, too large, too many rows, a
  required column missing).
* ``validate_rows`` checks every row against the database and the other rows
  and says, per row, what is wrong in words the administrator can act on.

Saving is the job of ``actions.import_users``.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db.models import Field
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.lib import turkish
from pressdesk.lib.phone import normalize_mobile
from pressdesk.lib.spreadsheet import neutralize_row
from pressdesk.organizations.models import Organization

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
# A sheet may carry formatting far below its data; stop after this many blank rows in a row.
MAX_CONSECUTIVE_BLANK_ROWS = 1000
EXTENSIONS = (".xlsx", ".csv")

FIELDS = ("username", "first_name", "last_name", "email", "organization", "role", "title", "phone")
REQUIRED_FIELDS = ("username", "first_name", "last_name", "email", "organization", "role")

# Column headings accepted for each field, Turkish and English. Compared after
# folding case, Turkish letters and punctuation away ("E-Posta" = "eposta").
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "username": ("username", "user name", "login", "kullanıcı adı", "kullanıcı"),
    "first_name": ("first_name", "first name", "given name", "ad", "adı", "isim"),
    "last_name": ("last_name", "last name", "surname", "family name", "soyad", "soyadı", "soyisim"),
    "email": ("email", "e-mail", "mail", "e-posta", "eposta", "e-posta adresi"),
    "organization": ("organization", "organisation", "organization code", "kurum", "kurum kodu", "kurum adı"),
    "role": ("role", "rol", "yetki"),
    "title": ("title", "job title", "unvan", "ünvan", "görev", "görevi"),
    "phone": ("phone", "mobile", "mobile phone", "telefon", "cep telefonu", "cep", "gsm"),
}
# The headings written into the downloadable template, per language.
TEMPLATE_HEADERS = {
    "tr": ("Kullanıcı adı", "Ad", "Soyad", "E-posta", "Kurum", "Rol", "Unvan", "Telefon"),
    "en": ("username", "first_name", "last_name", "email", "organization", "role", "title", "phone"),
}

_MAX_LENGTHS = {"username": 150, "first_name": 150, "last_name": 150, "email": 254, "title": 120}


def _key(text: str) -> str:
    """Fold a heading, role or code for comparison: case, Turkish letters and punctuation away."""
    return re.sub(r"[^a-z0-9]", "", turkish.ascii_fold(text))


def _identity_key(text: str) -> str:
    """Fold a user name or e-mail for duplicate checks.

    Folding to ASCII treats ``İSMAİL``, ``ismail`` and ``ısmaıl`` as one name,
    so nothing slips past that the database's case-insensitive checks (or a
    reader) would call the same.
    """
    return turkish.ascii_fold(text.strip())


def _name_key(text: str) -> str:
    return " ".join(turkish.casefold(text).split())


_ALIAS_TO_FIELD = {_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


def field_label(name: str) -> str:
    """The field's name as the administrator knows it (the model's verbose name)."""
    model_field = User._meta.get_field(name)
    assert isinstance(model_field, Field)
    label = str(model_field.verbose_name)
    return turkish.upper(label[:1]) + label[1:]


def template_headers() -> tuple[str, ...]:
    language = (translation.get_language() or "tr").split("-")[0]
    return TEMPLATE_HEADERS.get(language, TEMPLATE_HEADERS["en"])


# --- Reading the file ---------------------------------------------------------


def read_upload(upload: UploadedFile) -> list[tuple[int, dict[str, str]]]:
    """The data rows of ``upload`` as ``(line number, {field: text})``; raises ``ValidationError``."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an Excel (.xlsx) or CSV (.csv) file.") % {"name": name}, code="file_type"
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    table = _xlsx_rows(data) if extension == ".xlsx" else _csv_rows(data)
    return _rows_from_table(table)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data:
        raise ValidationError(
            _("This CSV file could not be read. Save it from Excel as “CSV UTF-8 (comma delimited)”."),
            code="encoding",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Turkish Excel's plain "CSV (comma delimited)" writes Windows-1254.
        text = data.decode("cp1254", errors="replace")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _cell_text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    from pressdesk.lib.files import office_file_expands_too_much

    if not data.startswith(b"PK\x03\x04") or office_file_expands_too_much(io.BytesIO(data)):
        raise ValidationError(_("This file is not a valid Excel (.xlsx) workbook."), code="file_type")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ValidationError(_("This file is not a valid Excel (.xlsx) workbook."), code="file_type") from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _rows_from_table(table: Iterable[list[str]]) -> list[tuple[int, dict[str, str]]]:
    columns: dict[int, str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    blank_run = 0
    for line, cells in enumerate(table, start=1):
        cells = [cell.strip() for cell in cells[:MAX_COLUMNS]]
        if not any(cells):
            blank_run += 1
            if blank_run > MAX_CONSECUTIVE_BLANK_ROWS:
                break
            continue
        blank_run = 0
        if columns is None:
            columns = _columns_from_header(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)d user rows. Split it into smaller files.") % {"max": MAX_ROWS},
                code="too_many_rows",
            )
        values = {name: (cells[index] if index < len(cells) else "") for index, name in columns.items()}
        rows.append((line, values))
    if columns is None:
        raise ValidationError(_("The file is empty."), code="empty")
    if not rows:
        raise ValidationError(_("The file has a header row but no users under it."), code="no_rows")
    return rows


def _columns_from_header(cells: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, heading in enumerate(cells):
        name = _ALIAS_TO_FIELD.get(_key(heading))
        if name is not None and name not in columns.values():
            columns[index] = name
    missing = [name for name in REQUIRED_FIELDS if name not in columns.values()]
    if missing:
        headings = dict(zip(FIELDS, template_headers(), strict=True))
        raise ValidationError(
            _("The first row must name the columns. Missing: %(columns)s.")
            % {"columns": ", ".join(f"“{headings[name]}”" for name in missing)},
            code="missing_columns",
        )
    return columns


# --- Checking the rows --------------------------------------------------------


@dataclass
class RowReport:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    organization: Organization | None = None
    role: str = ""
    phone: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def user_fields(self) -> dict[str, Any]:
        """The keyword arguments for a new ``User`` (only for rows without errors)."""
        assert self.ok
        return {
            "username": self.values["username"],
            "first_name": self.values["first_name"],
            "last_name": self.values["last_name"],
            "email": self.values["email"],
            "organization": self.organization,
            "role": self.role,
            "title": self.values.get("title", ""),
            "phone": self.phone,
        }


@dataclass
class ImportReport:
    rows: list[RowReport]

    @property
    def valid_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.ok]

    @property
    def invalid_rows(self) -> list[RowReport]:
        return [row for row in self.rows if not row.ok]

    @property
    def fingerprint(self) -> str:
        """Identifies which rows would be imported, so a confirmation matches what was shown."""
        digest = hashlib.sha256()
        for row in self.valid_rows:
            digest.update(repr((row.line, sorted(row.values.items()))).encode())
        return digest.hexdigest()[:32]


class _RoleLookup:
    """Roles by code and by their Turkish and English labels."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        for language in ("en", "tr"):
            with translation.override(language):
                for role in Role:
                    self.by_key.setdefault(_key(str(role.label)), role.value)
        for role in Role:
            self.by_key[_key(role.value)] = role.value

    def get(self, text: str) -> str | None:
        return self.by_key.get(_key(text))


class _OrganizationLookup:
    """Organizations by code, or by exact name (ignoring case and extra spaces)."""

    def __init__(self, organizations: Iterable[Organization]) -> None:
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        for org in organizations:
            self.by_code[turkish.ascii_fold(org.code)] = org
            self.by_name.setdefault(_name_key(org.name), []).append(org)

    def get(self, text: str) -> tuple[Organization | None, str | None]:
        """The organization and no error, or no organization and the error."""
        org = self.by_code.get(turkish.ascii_fold(text.strip()))
        if org is None:
            matches = self.by_name.get(_name_key(text), [])
            if len(matches) > 1:
                return None, _("More than one organization is named “%(value)s”: use its code.") % {"value": text}
            org = matches[0] if matches else None
        if org is None:
            return None, _("Unknown organization “%(value)s”: use the organization's code or its exact name.") % {
                "value": text
            }
        if not org.is_active:
            return None, _("The organization “%(value)s” is not active.") % {"value": org.name}
        return org, None


def validate_rows(rows: list[tuple[int, dict[str, str]]], *, organizations: Iterable[Organization]) -> ImportReport:
    """Check every row; ``organizations`` are the ones the importing user may assign."""
    orgs = _OrganizationLookup(organizations)
    roles = _RoleLookup()
    existing_usernames: set[str] = set()
    existing_emails: set[str] = set()
    for username, email in User.objects.values_list("username", "email"):
        existing_usernames.add(_identity_key(username))
        if email:
            existing_emails.add(_identity_key(email))
    lines_by_username: dict[str, list[int]] = {}
    lines_by_email: dict[str, list[int]] = {}
    for line, values in rows:
        if values.get("username", "").strip():
            lines_by_username.setdefault(_identity_key(values["username"]), []).append(line)
        if values.get("email", "").strip():
            lines_by_email.setdefault(_identity_key(values["email"]), []).append(line)

    reports = []
    for line, raw in rows:
        values = {name: str(raw.get(name, "") or "").strip() for name in FIELDS}
        report = RowReport(line=line, values=values)
        errors = report.errors
        for name in REQUIRED_FIELDS:
            if not values[name]:
                errors.append(_("%(field)s is missing.") % {"field": field_label(name)})
        for name, limit in _MAX_LENGTHS.items():
            if len(values[name]) > limit:
                errors.append(
                    _("%(field)s is too long (at most %(max)d characters).")
                    % {"field": field_label(name), "max": limit}
                )
        if username := values["username"]:
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError:
                errors.append(
                    _("The user name “%(value)s” may only contain letters, digits and @ . + - _ characters.")
                    % {"value": username}
                )
            same = lines_by_username.get(_identity_key(username), [])
            if len(same) > 1:
                errors.append(
                    _("The user name “%(value)s” appears more than once in the file (rows %(rows)s).")
                    % {"value": username, "rows": ", ".join(str(n) for n in same)}
                )
            if _identity_key(username) in existing_usernames:
                errors.append(_("A user with the user name “%(value)s” already exists.") % {"value": username})
        if email := values["email"]:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("“%(value)s” is not a valid e-mail address.") % {"value": email})
            else:
                same = lines_by_email.get(_identity_key(email), [])
                if len(same) > 1:
                    errors.append(
                        _("The e-mail address “%(value)s” appears more than once in the file (rows %(rows)s).")
                        % {"value": email, "rows": ", ".join(str(n) for n in same)}
                    )
                if _identity_key(email) in existing_emails:
                    errors.append(_("A user with the e-mail address “%(value)s” already exists.") % {"value": email})
        if values["organization"]:
            report.organization, error = orgs.get(values["organization"])
            if error:
                errors.append(error)
        if values["role"]:
            role = roles.get(values["role"])
            if role is None:
                errors.append(
                    _("Unknown role “%(value)s”. Use one of: %(roles)s.")
                    % {"value": values["role"], "roles": ", ".join(str(r.label) for r in Role)}
                )
            else:
                report.role = role
        if values["phone"]:
            try:
                report.phone = normalize_mobile(values["phone"])
            except ValidationError as exc:
                errors.extend(str(message) for message in exc.messages)
        reports.append(report)
    return ImportReport(rows=reports)


# --- The template -------------------------------------------------------------


def build_template(organizations: Iterable[Organization]) -> bytes:
    """An .xlsx with the header row, plus reference sheets of roles and organization codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Users")
    sheet.append(neutralize_row(template_headers()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter in "ABCDEFGH":
        sheet.column_dimensions[letter].width = 22
    sheet.freeze_panes = "A2"

    roles = workbook.create_sheet(_("Roles"))
    roles.append(neutralize_row([_("Code"), _("Name")]))
    for role in Role:
        roles.append(neutralize_row([role.value, str(role.label)]))
    orgs = workbook.create_sheet(_("Organizations"))
    orgs.append(neutralize_row([_("Code"), _("Name")]))
    for org in organizations:
        orgs.append(neutralize_row([org.code, org.name]))
    for ref in (roles, orgs):
        for cell in ref[1]:
            cell.font = Font(bold=True)
        ref.column_dimensions["A"].width = 24
        ref.column_dimensions["B"].width = 60

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
