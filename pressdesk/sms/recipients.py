"""Who a campaign reaches: groups of the organization tree, saved lists, the staff list import.

Groups are codes stored on the campaign:

* ``everyone``: every contact and every user with a mobile number in the province;
* ``org:<id>``: everyone of an institution (its whole subtree);
* ``chief_physicians`` / ``unit_heads``: by position (contacts) or role (users);
* ``list:<id>``: a saved list;
* ``media_list:<id>`` / ``media:<id>``: a media list or one media contact of the province (``mediarelations``),
  outside recipients: only for kinds that may reach outside people, never an unsubscribed or erased contact,
  one without a mobile number or one whose lawful basis does not cover SMS (``MEDIA_SMS_BASES``); those
  are skipped and counted (``resolve(..., skipped=…)``);
* ``birthday:<yyyy-mm-dd>`` / ``anniversary:<yyyy-mm-dd>``: staff-list contacts born or hired on that day
  of the year (standing rules; a 29 February date counts on 28 February in other years), with ``{yil}``
  their age or years of service.

Resolution reads each source once (no query per recipient), normalises every
number to ``+905XXXXXXXXX``, removes duplicates across groups (the first
occurrence wins, a staff-list contact before a user record) and leaves out
opted-out people unless the message is an official duty notice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pressdesk.lib import turkish
from pressdesk.lib.files import validate_document_upload
from pressdesk.lib.phone import normalize_mobile
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.sms.models import Contact, OutsidePerson, SavedList

EVERYONE = "everyone"
CHIEF_PHYSICIANS = "chief_physicians"
UNIT_HEADS = "unit_heads"


@dataclass
class Person:
    name: str
    title: str
    institution: str
    mobile: str
    contact_id: int | None = None
    user_id: int | None = None
    opted_out: bool = False
    years: str = ""

    def values(self) -> dict[str, str]:
        return {"name": self.name, "title": self.title, "institution": self.institution, "years": self.years}


# Lawful bases of a media contact that allow sending SMS: explicit consent, the press unit's legitimate
# interest in its working relationship with the journalist, a legal duty. A number only "made public by the
# person" (a published switchboard or social profile) is not a basis for messages to that number.
MEDIA_SMS_BASES = ("consent", "legitimate", "duty")

SKIP_REASONS = {
    "unsubscribed": gettext_lazy("unsubscribed"),
    "no_mobile": gettext_lazy("no mobile number"),
    "no_basis": gettext_lazy("no lawful basis for SMS"),
}


def _ids(codes: Iterable[str], prefix: str) -> list[int]:
    return [int(pk) for c in codes if (parts := c.partition(":"))[0] == prefix and (pk := parts[2]).isdigit()]


def media_group_label(code: str, province: Organization) -> str | None:
    from pressdesk.mediarelations.models import MediaContact, MediaList

    kind, _sep, pk = code.partition(":")
    if kind == "media_list":
        media_list = MediaList.objects.filter(pk=pk, province=province).first() if pk.isdigit() else None
        return _("Media list: %(name)s") % {"name": media_list.name} if media_list else code
    if kind == "media":
        contact = MediaContact.objects.filter(pk=pk, province=province).first() if pk.isdigit() else None
        return _("Media contact: %(name)s") % {"name": contact.name} if contact else code
    return None


def media_choices(province: Organization) -> list[tuple[str, str]]:
    """Media lists and media contacts with a mobile number of the province, to choose as outside recipients."""
    from pressdesk.mediarelations.models import MediaContact, MediaList

    choices = [
        (f"media_list:{m.pk}", _("Media list: %(name)s") % {"name": m.name})
        for m in MediaList.objects.filter(province=province).only("pk", "name")
    ]
    contacts = (
        MediaContact.objects.filter(province=province, erased_at__isnull=True)
        .exclude(mobile="")
        .select_related("outlet")
        .only("pk", "name", "outlet__name")
    )
    for c in contacts:
        label = f"{c.name} ({c.outlet.name})" if c.outlet else c.name
        choices.append((f"media:{c.pk}", _("Media contact: %(name)s") % {"name": label}))
    return choices


def _media_people(province: Organization, codes: set[str], skipped: dict[str, int] | None) -> list[Person]:
    """The chosen media contacts and the members of the chosen media lists of ``province``."""
    from django.db.models import Q

    from pressdesk.mediarelations.models import MediaContact, MediaList

    list_ids, contact_ids = _ids(codes, "media_list"), _ids(codes, "media")
    if not (list_ids or contact_ids):
        return []
    q = Q(pk__in=contact_ids) | Q(lists__in=MediaList.objects.filter(pk__in=list_ids, province=province))
    contacts = (
        MediaContact.objects.filter(q, province=province, erased_at__isnull=True)
        .distinct()
        .select_related("outlet")
        .order_by("name", "pk")
    )
    people = []
    for contact in contacts:
        reason = ""
        mobile = ""
        if contact.unsubscribed_at is not None:
            reason = "unsubscribed"
        elif contact.lawful_basis not in MEDIA_SMS_BASES:
            reason = "no_basis"
        else:
            try:
                mobile = normalize_mobile(contact.mobile) if contact.mobile else ""
            except ValidationError:
                mobile = ""
            reason = "" if mobile else "no_mobile"
        if reason:
            if skipped is not None:
                skipped[reason] = skipped.get(reason, 0) + 1
            continue
        people.append(
            Person(
                name=contact.name,
                title=str(contact.get_role_display()),
                institution=contact.outlet.name if contact.outlet else "",
                mobile=mobile,
            )
        )
    return people


def group_label(code: str, province: Organization) -> str:
    if code == EVERYONE:
        return _("Everyone")
    if code == CHIEF_PHYSICIANS:
        return _("All chief physicians")
    if code == UNIT_HEADS:
        return _("All unit heads")
    kind, _sep, pk = code.partition(":")
    if kind == "org":
        org = Organization.objects.filter(pk=pk, path__startswith=province.path).first()
        return _("All staff of %(name)s") % {"name": org.name} if org else code
    if kind == "list":
        saved = SavedList.objects.filter(pk=pk, province=province).first()
        return _("Saved list: %(name)s") % {"name": saved.name} if saved else code
    if (media := media_group_label(code, province)) is not None:
        return media
    if kind in DAY_FIELDS and (day := _day(pk)):
        from pressdesk.lib.dates import format_date

        if kind == "birthday":
            return _("Birthdays of %(date)s") % {"date": format_date(day)}
        return _("Work anniversaries of %(date)s") % {"date": format_date(day)}
    return code


# Groups of a standing rule: the contact's date field with the same day of the year.
DAY_FIELDS = {"birthday": "birthday", "anniversary": "start_date"}


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def day_code(kind: str, day: datetime.date) -> str:
    return f"{kind}:{day.isoformat()}"


def _day_people(contacts: QuerySet[Contact], codes: Iterable[str]) -> list[Person]:
    """Contacts whose birthday or start date falls on the code's day of the year, ``years`` filled."""
    import calendar

    from django.db.models import Q

    people = []
    for code in sorted(codes):
        kind, _sep, text = code.partition(":")
        day, field_name = _day(text), DAY_FIELDS.get(kind)
        if day is None or field_name is None:
            continue
        q = Q(**{f"{field_name}__month": day.month, f"{field_name}__day": day.day})
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            q |= Q(**{f"{field_name}__month": 2, f"{field_name}__day": 29})
        rows = contacts.filter(q, **{f"{field_name}__lt": day}).values_list(*CONTACT_FIELDS, field_name)
        for pk, name, title, institution, mobile, opted_out, since in rows:
            people.append(
                Person(
                    name=name,
                    title=title,
                    institution=institution,
                    mobile=mobile,
                    contact_id=pk,
                    opted_out=opted_out,
                    years=str(day.year - since.year),
                )
            )
    return people


def group_choices(province: Organization) -> list[tuple[str, str]]:
    choices = [
        (EVERYONE, _("Everyone")),
        (CHIEF_PHYSICIANS, _("All chief physicians")),
        (UNIT_HEADS, _("All unit heads")),
    ]
    institutions = Organization.objects.filter(
        path__startswith=province.path,
        is_active=True,
        kind__in=[
            OrganizationKind.HOSPITAL,
            OrganizationKind.DISTRICT_DIRECTORATE,
            OrganizationKind.EMERGENCY_112,
            OrganizationKind.PRESIDENCY,
            OrganizationKind.PROVINCIAL_DIRECTORATE,
        ],
    ).only("pk", "name")
    choices += [(f"org:{org.pk}", _("All staff of %(name)s") % {"name": org.name}) for org in institutions]
    choices += [
        (f"list:{saved.pk}", _("Saved list: %(name)s") % {"name": saved.name})
        for saved in SavedList.objects.filter(province=province).only("pk", "name")
    ]
    return choices


def _user_people(province: Organization, codes: set[str], org_paths: list[str]) -> Iterable[Person]:
    from pressdesk.accounts.models import Role, User

    if not (EVERYONE in codes or UNIT_HEADS in codes or org_paths):
        return []
    users = User.objects.filter(is_active=True, organization__path__startswith=province.path).exclude(phone="")
    people = []
    for user in users.select_related("organization").only(
        "pk",
        "first_name",
        "last_name",
        "username",
        "phone",
        "role",
        "title",
        "organization__name",
        "organization__path",
    ):
        path = user.organization.path if user.organization else ""
        wanted = (
            EVERYONE in codes
            or (UNIT_HEADS in codes and user.role == Role.UNIT_HEAD)
            or any(path.startswith(p) for p in org_paths)
        )
        if not wanted:
            continue
        try:
            mobile = normalize_mobile(user.phone)
        except ValidationError:
            continue
        people.append(
            Person(
                name=user.get_full_name() or user.username,
                title=getattr(user, "title", "") or "",
                institution=user.organization.name if user.organization else "",
                mobile=mobile,
                user_id=user.pk,
            )
        )
    return people


CONTACT_FIELDS = ("pk", "name", "title", "organization__name", "mobile", "opted_out")


def _contact_people(rows: Iterable[tuple[int, str, str, str, str, bool]]) -> list[Person]:
    """People from ``values_list(*CONTACT_FIELDS)`` rows: no model instances for thousands of contacts."""
    return [
        Person(name=name, title=title, institution=institution, mobile=mobile, contact_id=pk, opted_out=opted_out)
        for pk, name, title, institution, mobile, opted_out in rows
    ]


def resolve(
    province: Organization,
    codes: Iterable[str],
    *,
    duty: bool = False,
    outside: bool = False,
    skipped: dict[str, int] | None = None,
) -> list[Person]:
    """Everyone ``codes`` reach in ``province``, de-duplicated by number, opt-outs left out unless ``duty``.

    ``outside``: the message kind allows outside recipients; saved lists then reach their outside people too
    (after the staff, whose entry wins for a number on both), and their opt-out is honoured whatever the kind;
    chosen media contacts and media lists are reached too, and ``skipped`` counts the media contacts left out
    by reason (``SKIP_REASONS``).
    """
    codes = set(codes)
    org_ids = [int(c.split(":", 1)[1]) for c in codes if c.startswith("org:") and c.split(":", 1)[1].isdigit()]
    list_ids = [int(c.split(":", 1)[1]) for c in codes if c.startswith("list:") and c.split(":", 1)[1].isdigit()]
    org_paths = list(
        Organization.objects.filter(pk__in=org_ids, path__startswith=province.path).values_list("path", flat=True)
    )
    contacts = Contact.objects.filter(province=province).order_by("name", "pk")
    people: list[Person] = _day_people(contacts, [c for c in codes if c.partition(":")[0] in DAY_FIELDS])
    if EVERYONE in codes:
        people += _contact_people(contacts.values_list(*CONTACT_FIELDS))
    else:
        positions = [
            p
            for p, code in (
                (Contact.Position.CHIEF_PHYSICIAN, CHIEF_PHYSICIANS),
                (Contact.Position.UNIT_HEAD, UNIT_HEADS),
            )
            if code in codes
        ]
        from django.db.models import Q

        q = Q(pk__in=[])
        if positions:
            q |= Q(position__in=positions)
        for path in org_paths:
            q |= Q(organization__path__startswith=path)
        if list_ids:
            q |= Q(lists__in=SavedList.objects.filter(pk__in=list_ids, province=province))
        people += _contact_people(contacts.filter(q).distinct().values_list(*CONTACT_FIELDS))
    people += _user_people(province, codes, org_paths)
    if outside and list_ids and not duty:
        rows = (
            OutsidePerson.objects.filter(
                province=province,
                opted_out=False,
                lists__in=SavedList.objects.filter(pk__in=list_ids, province=province),
            )
            .distinct()
            .order_by("name", "pk")
            .values_list("name", "title", "institution", "mobile")
        )
        people += [Person(name=n, title=t, institution=i, mobile=m) for n, t, i, m in rows]
    if outside and not duty:
        people += _media_people(province, codes, skipped)
    seen: set[str] = set()
    result = []
    for person in people:  # staff-list contacts (by name) first, then users: the first occurrence wins
        if person.mobile in seen:
            continue
        seen.add(person.mobile)
        if person.opted_out and not duty:
            continue
        result.append(person)
    return result


# --- Importing a staff list ---------------------------------------------------------

COLUMNS = {
    "name": ("ad soyad", "adı soyadı", "ad", "isim", "name", "full name"),
    "institution": ("kurum", "kurumu", "institution"),
    "unit": ("birim", "birimi", "unit"),
    "title": ("unvan", "ünvan", "unvanı", "title"),
    "mobile": ("cep", "cep telefonu", "telefon", "gsm", "mobile", "cep tel"),
    "birthday": ("doğum tarihi", "dogum tarihi", "birthday", "date of birth"),
    "start_date": ("işe başlama tarihi", "ise baslama tarihi", "işe giriş tarihi", "başlama tarihi", "start date"),
}
REQUIRED = ("name", "institution", "mobile")


@dataclass
class ImportRow:
    line: int
    name: str = ""
    institution: Organization | None = None
    unit: str = ""
    title: str = ""
    mobile: str = ""
    birthday: datetime.date | None = None
    start_date: datetime.date | None = None
    position: str = Contact.Position.STAFF
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
        raise ValidationError(_("Upload the staff list as an Excel (.xlsx) or CSV (.csv) file."))
    validate_document_upload(upload, max_bytes=5 * 1024 * 1024)
    upload.seek(0)
    data = upload.read()
    rows = _xlsx_rows(data) if extension == ".xlsx" else _csv_rows(data)
    return [[cell.strip() for cell in row] for row in rows]


def _mobile_error(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+") and not value.strip().startswith("+90"):
        return _("a foreign number; only Turkish mobile numbers can receive the SMS")
    if digits.startswith("00") and not digits.startswith("0090"):
        return _("a foreign number; only Turkish mobile numbers can receive the SMS")
    if digits.startswith("0090"):
        national = digits[4:]
    elif digits.startswith("90") and len(digits) == 12:
        national = digits[2:]
    else:
        national = digits.lstrip("0")
    if national[:1] in "234" and len(national) == 10:
        return _("a landline number; an SMS needs a mobile number")
    return _("not a valid mobile number (write it as 0532 123 45 67)")


def _position(title: str) -> str:
    folded = turkish.casefold(title)
    if "başhekim" in folded and "yardımcı" not in folded:
        return Contact.Position.CHIEF_PHYSICIAN
    if "sorumlu" in folded or "şef" in folded or "birim amiri" in folded:
        return Contact.Position.UNIT_HEAD
    return Contact.Position.STAFF


def _birthday(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    raise ValueError(text)


def check_import(upload: UploadedFile, province: Organization) -> ImportReport:
    """Read and check every row; nothing is written here (``actions.import_contacts`` writes all rows or none)."""
    try:
        table = _table(upload)
    except ValidationError as exc:
        return ImportReport(rows=[], error=" ".join(exc.messages))
    header_at = next((i for i, row in enumerate(table) if any(row)), None)
    if header_at is None:
        return ImportReport(rows=[], error=_("The file is empty."))
    columns = {i: name for i, cell in enumerate(table[header_at]) if (name := _heading(cell))}
    missing = [name for name in REQUIRED if name not in columns.values()]
    if missing:
        labels = {"name": _("name"), "institution": _("institution"), "mobile": _("mobile phone")}
        return ImportReport(
            rows=[],
            error=_("The first row must name the columns. Missing: %(columns)s.")
            % {"columns": ", ".join(str(labels[m]) for m in missing)},
        )
    institutions = {
        turkish.casefold(key): org
        for org in Organization.objects.filter(path__startswith=province.path)
        for key in (org.name, org.short_name, org.code)
        if key
    }
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(cells):
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in columns.items()}
        row = ImportRow(
            line=line, name=values.get("name", ""), unit=values.get("unit", ""), title=values.get("title", "")
        )
        if not row.name:
            row.errors.append(_("the name is empty"))
        institution = values.get("institution", "")
        row.institution = institutions.get(turkish.casefold(institution))
        if row.institution is None:
            row.errors.append(_("no institution “%(name)s” in this province") % {"name": institution})
        raw = values.get("mobile", "")
        if not raw:
            row.errors.append(_("the mobile number is empty"))
        else:
            try:
                row.mobile = normalize_mobile(raw)
            except ValidationError:
                row.errors.append(_("“%(number)s” is %(reason)s") % {"number": raw, "reason": _mobile_error(raw)})
        if row.mobile:
            if row.mobile in seen:
                row.errors.append(_("the same number as line %(line)d") % {"line": seen[row.mobile]})
            else:
                seen[row.mobile] = line
        try:
            row.birthday = _birthday(values.get("birthday", ""))
        except ValueError:
            row.errors.append(_("the birthday is not a date (write it as 31.12.1980)"))
        try:
            row.start_date = _birthday(values.get("start_date", ""))
        except ValueError:
            row.errors.append(_("the start date is not a date (write it as 01.09.2005)"))
        row.position = _position(row.title)
        rows.append(row)
    if not rows:
        return ImportReport(rows=[], error=_("The file has a header row but no staff under it."))
    return ImportReport(rows=rows)
