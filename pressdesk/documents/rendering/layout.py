"""What goes where on an official letter: one normalisation for DOCX, PDF and HTML.

``LetterParts`` is built from the frozen ``approval_content()`` dict (what
approvers read) or from a live ``Letter``; every renderer reads only the
parts, so the preview, the DOCX and the PDF cannot disagree. The letter's
own words (T.C., Sayı, Konu, İlgi, Ek, Dağıtım, Gereği, Bilgi, Bilgi için)
are fixed Turkish by regulation and are not translated.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from pressdesk.lib import turkish

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.documents.models import Letter

# Bump when the layout changes, so cached PDFs are rendered again.
LAYOUT_VERSION = "3"  # 3: the paraf lines are a table (a long title no longer overlaps the name)

CLOSINGS = ("arz ve rica ederim", "arz ederim", "rica ederim")

# Titles printed for a role when the person has no job title of their own.
ROLE_TITLES = {
    "staff": "Birim Personeli",
    "unit_head": "Birim Sorumlusu",
    "chief": "Başkan",
    "director": "İl Sağlık Müdürü",
    "admin": "",
}

# The required parts: a letter missing any of them cannot be generated.
REQUIRED = (
    "header_institution",
    "header_unit",
    "detsis_no",
    "file_plan_code",
    "subject",
    "addressee",
    "body",
    "signer",
    "signer_title",
)


class IncompleteLetter(ValueError):
    """The content lacks required parts; ``missing`` names them (field names)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class ParafLine:
    """One initial on the in-house copy: date, title, full name (``V.`` when acting)."""

    date: str
    title: str
    name: str
    acting: bool = False

    @property
    def title_line(self) -> str:
        """The title, with ``V.`` when initialled by the deputy (as in ``İl Sağlık Müdürü V.``)."""
        return f"{self.title} V." if self.acting else self.title

    @property
    def date_or_blank(self) -> str:
        return self.date or "..../..../......"


@dataclass(frozen=True)
class LetterParts:
    header: list[str]
    sayi: str
    date: str
    subject: str
    urgency: str
    addressee: str
    addressee_unit: str
    references: list[tuple[str, str]]
    paragraphs: list[str]
    signer_name: str
    signature_lines: list[str]
    attachments: list[str]
    distribution_action: list[str]
    distribution_info: list[str]
    contact_lines: list[str]
    info_lines: list[str]
    paraf: list[ParafLine] = field(default_factory=list)

    @property
    def attachment_label(self) -> str:
        return "Ek:" if len(self.attachments) == 1 else "Ekler:"

    @property
    def numbered_attachments(self) -> list[str]:
        if len(self.attachments) == 1:
            return list(self.attachments)
        return [f"{n}- {text}" for n, text in enumerate(self.attachments, start=1)]

    @property
    def distribution_rows(self) -> list[tuple[str, str]]:
        rows = max(len(self.distribution_action), len(self.distribution_info))
        action = [*self.distribution_action, *[""] * rows]
        info = [*self.distribution_info, *[""] * rows]
        return [(action[i], info[i]) for i in range(rows)]

    @property
    def has_distribution(self) -> bool:
        return bool(self.distribution_action or self.distribution_info)

    def cache_key_data(self) -> dict[str, Any]:
        return {"layout": LAYOUT_VERSION, **dataclasses.asdict(self)}


# --- small formatting rules ------------------------------------------------------


def format_date(value: datetime.date | str | None) -> str:
    """``gg.aa.yyyy`` (m.12)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        return day.strftime("%d.%m.%Y")
    return value.strftime("%d.%m.%Y")


def signature_name(first_name: str, last_name: str) -> str:
    """``Ad SOYAD``: the surname in Turkish capitals (``Işık`` → ``IŞIK``)."""
    return " ".join(part for part in (first_name.strip(), turkish.upper(last_name.strip())) if part)


def signature_name_from_full(full_name: str) -> str:
    """``Ad SOYAD`` from one string: the last word is taken as the surname."""
    words = full_name.split()
    if len(words) < 2:
        return turkish.upper(full_name.strip())
    return signature_name(" ".join(words[:-1]), words[-1])


def user_signature_name(user: User) -> str:
    if user.first_name or user.last_name:
        return signature_name(user.first_name, user.last_name)
    return user.username


def user_title(user: User) -> str:
    return user.title or ROLE_TITLES.get(user.role, "")


def addressee_line(addressee: str) -> str:
    """The muhatap in Turkish capitals, except ``Sayın Ad SOYAD`` for a person (m.14)."""
    text = " ".join(addressee.split())
    if turkish.casefold(text).startswith("sayın "):
        return "Sayın " + signature_name_from_full(text[6:])
    return turkish.upper(text)


def bracketed(unit: str) -> str:
    """The addressee's unit in brackets, as on the line under the muhatap."""
    unit = " ".join(unit.split())
    if not unit or unit.startswith("("):
        return unit
    return f"({unit})"


def ending_closing(text: str) -> str:
    """The closing phrase ``text`` ends with ('' if none)."""
    folded = turkish.casefold(text.strip()).rstrip(" .")
    return next((closing for closing in CLOSINGS if folded.endswith(closing)), "")


def body_paragraphs(body: str, closing: str) -> list[str]:
    """Paragraphs of the body, the closing phrase ending the last one (m.16).

    If the body does not already end with the closing, it is appended as the
    last sentence (``… Arz ederim.``).
    """
    paragraphs = [" ".join(line.split()) for line in body.replace("\r\n", "\n").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if closing and (not paragraphs or not ending_closing(paragraphs[-1])):
        sentence = turkish.upper(closing[:1]) + closing[1:] + "."
        if paragraphs:
            last = paragraphs[-1]
            paragraphs[-1] = f"{last if last.endswith(('.', '!', '?', ':')) else last + '.'} {sentence}"
        else:
            paragraphs = [sentence]
    elif paragraphs and not paragraphs[-1].endswith("."):
        paragraphs[-1] += "."
    return paragraphs


def reference_items(references: list[str]) -> list[tuple[str, str]]:
    """``[("a)", "… sayılı yazı."), …]``; a single reference has no letter (m.15)."""
    items = [" ".join(str(text).split()) for text in references if str(text).strip()]
    items = [text if text.endswith(".") else text + "." for text in items]
    if len(items) == 1:
        return [("", items[0])]
    letters = "abcçdefgğhıijklmnoöprsştuüvyz"
    return [(f"{letters[n % len(letters)]})", text) for n, text in enumerate(items)]


def signature_lines(title: str, mode: str, delegated_by: str) -> list[str]:
    """The lines under the name: ``Vali a.`` above the title, or the title with ``V.``."""
    if mode == "V.":
        return [f"{title} V."]
    if mode == "a." and delegated_by:
        return [f"{delegated_by} a.", title]
    return [title]


def contact_lines(content: Mapping[str, Any]) -> list[str]:
    lines = []
    if content.get("contact_address"):
        lines.append(f"Adres: {content['contact_address']}")
    phone_mail = []
    if content.get("contact_phone"):
        phone_mail.append(f"Telefon No: {content['contact_phone']}")
    if content.get("contact_email"):
        phone_mail.append(f"e-Posta: {content['contact_email']}")
    if phone_mail:
        lines.append("   ".join(phone_mail))
    kep_web = []
    if content.get("contact_kep"):
        kep_web.append(f"KEP Adresi: {content['contact_kep']}")
    if content.get("contact_web"):
        kep_web.append(f"İnternet Adresi: {content['contact_web']}")
    if kep_web:
        lines.append("   ".join(kep_web))
    return lines


def info_lines(content: Mapping[str, Any]) -> list[str]:
    person = str(content.get("info_person") or "").strip()
    if not person:
        return []
    lines = [f"Bilgi için: {signature_name_from_full(person)}"]
    if content.get("info_title"):
        lines.append(str(content["info_title"]))
    return lines


# --- building the parts ------------------------------------------------------------


def missing_parts(content: Mapping[str, Any]) -> list[str]:
    return [name for name in REQUIRED if not str(content.get(name) or "").strip()]


def parts_from_content(
    content: Mapping[str, Any],
    *,
    record_no: str = "",
    signer_name: str = "",
    paraf: list[ParafLine] | None = None,
    strict: bool = True,
) -> LetterParts:
    """The layout of a frozen version (``approval_content()``'s dict).

    ``strict`` refuses content lacking a required part (``IncompleteLetter``);
    the HTML preview renders what there is.
    """
    if strict:
        missing = missing_parts(content)
        if missing:
            raise IncompleteLetter(missing)
    record_no = record_no or str(content.get("record_no") or "")
    sayi = "-".join(
        [
            str(content.get("channel") or "E"),
            str(content.get("detsis_no") or ""),
            str(content.get("file_plan_code") or ""),
        ]
    )
    return LetterParts(
        header=[
            "T.C.",
            turkish.upper(str(content.get("header_institution") or "")),
            str(content.get("header_unit") or ""),
        ],
        sayi=f"{sayi}-{record_no}",
        date=format_date(content.get("date")),
        subject=" ".join(str(content.get("subject") or "").split()),
        urgency=str(content.get("urgency") or ""),
        addressee=addressee_line(str(content.get("addressee") or "")),
        addressee_unit=bracketed(str(content.get("addressee_unit") or "")),
        references=reference_items(list(content.get("references") or [])),
        paragraphs=body_paragraphs(str(content.get("body") or ""), str(content.get("closing") or "")),
        signer_name=signer_name or signature_name_from_full(str(content.get("signer") or "")),
        signature_lines=signature_lines(
            str(content.get("signer_title") or ""),
            str(content.get("signing_mode") or ""),
            str(content.get("delegated_by") or ""),
        ),
        attachments=[str(a).strip() for a in content.get("attachments") or [] if str(a).strip()],
        distribution_action=[str(a).strip() for a in content.get("distribution_action") or [] if str(a).strip()],
        distribution_info=[str(a).strip() for a in content.get("distribution_info") or [] if str(a).strip()],
        contact_lines=contact_lines(content),
        info_lines=info_lines(content),
        paraf=paraf or [],
    )


def paraf_lines_for(letter: Letter) -> list[ParafLine]:
    """The in-house copy's paraf lines, preparer first, then each initial of the chain (m.21).

    Steps not yet initialled are printed with an empty date and name, to be
    filled in by hand on paper. The signature step is the signature itself.
    """
    from pressdesk.approvals.actions import flow_for
    from pressdesk.approvals.models import ApprovalStep

    author = letter.created_by
    flow = flow_for(letter)
    prepared = flow.submitted_at if flow and flow.submitted_at else letter.created_at
    lines = [ParafLine(_local_date(prepared), user_title(author), _full_name(author))]
    if flow is None:
        return lines
    for step in flow.steps.select_related("decided_by").order_by("order"):
        if step.kind != ApprovalStep.Kind.INITIAL:
            continue
        person = step.decided_by if step.status == ApprovalStep.Status.DONE else None
        if person is None:
            lines.append(ParafLine("", ROLE_TITLES.get(step.role, ""), ""))
        else:
            lines.append(
                ParafLine(_local_date(step.decided_at), user_title(person), _full_name(person), acting=step.as_deputy)
            )
    return lines


def _local_date(moment: datetime.datetime | None) -> str:
    return format_date(timezone.localtime(moment).date()) if moment else ""


def _full_name(user: User) -> str:
    """The full name, no abbreviations, surname in capitals."""
    return user_signature_name(user)


def parts_for_letter(letter: Letter, *, in_house: bool = False) -> LetterParts:
    return parts_from_content(
        letter.approval_content(),
        record_no=letter.record_no,
        signer_name=user_signature_name(letter.signer),
        paraf=paraf_lines_for(letter) if in_house else None,
    )


def parts_for(source: Letter | Mapping[str, Any], *, in_house: bool = False) -> LetterParts:
    if isinstance(source, Mapping):
        return parts_from_content(source)
    return parts_for_letter(source, in_house=in_house)
