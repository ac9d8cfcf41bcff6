"""Message templates (process 3.14.2 and 3.14.3) and the personal fields ``{ad}``, ``{unvan}``, ``{kurum}``.

Templates are Turkish texts shipped with the code: what the unit sends to its
own staff, written once. A writer picks one on the compose page and edits it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDER = re.compile(r"\{([a-zçğıöşü_]+)\}")
FIELDS = {"ad": "name", "unvan": "title", "kurum": "institution", "yil": "years"}


@dataclass(frozen=True)
class Template:
    key: str
    label: Any  # lazy: translated when shown
    kind: str
    text: str


TEMPLATES = (
    Template(
        "ramazan",
        (gettext_lazy("Ramadan Feast greeting")),
        "greeting",
        "Sayın {ad}, Ramazan Bayramınızı en içten dileklerimle kutlar, sizlere ve ailenize sağlık, huzur ve "
        "mutluluk dolu nice bayramlar dilerim. İl Sağlık Müdürlüğü",
    ),
    Template(
        "kurban",
        (gettext_lazy("Feast of Sacrifice greeting")),
        "greeting",
        "Sayın {ad}, Kurban Bayramınızı kutlar, sağlık ve mutluluk dolu nice bayramlar dilerim. İl Sağlık Müdürlüğü",
    ),
    Template(
        "condolence",
        (gettext_lazy("Condolence")),
        "condolence",
        "Sayın {ad}, acı kaybınızı derin bir üzüntüyle öğrendik. Merhuma Allah'tan rahmet, size ve ailenize "
        "başsağlığı ve sabır dileriz. İl Sağlık Müdürlüğü",
    ),
    Template(
        "thanks",
        (gettext_lazy("Thank-you")),
        "thanks",
        "Sayın {unvan} {ad}, {kurum} adına gösterdiğiniz özverili çalışma için teşekkür ederiz. İl Sağlık Müdürlüğü",
    ),
    Template(
        "announcement",
        (gettext_lazy("Announcement")),
        "announcement",
        "Sayın {ad}, duyuru: ",
    ),
    Template(
        "meeting",
        (gettext_lazy("Meeting reminder")),
        "reminder",
        "Sayın {unvan} {ad}, GG.AA.YYYY günü saat SS:DD'de İl Sağlık Müdürlüğü toplantı salonunda yapılacak "
        "toplantıyı hatırlatırız.",
    ),
)


RULE_TEMPLATES = {
    "birthday": "Sayın {ad}, doğum gününüzü kutlar, sağlık ve mutluluk dolu nice yıllar dileriz. İl Sağlık Müdürlüğü",
    "anniversary": "Sayın {ad}, kurumumuzdaki {yil}. hizmet yılınızı kutlar, emekleriniz için teşekkür ederiz. "
    "İl Sağlık Müdürlüğü",
}


def template_choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in TEMPLATES]


def template(key: str) -> Template | None:
    return next((t for t in TEMPLATES if t.key == key), None)


def used_fields(text: str) -> list[str]:
    """The placeholders of ``text``; an unknown one is a ``ValidationError``."""
    names = PLACEHOLDER.findall(text)
    unknown = sorted({n for n in names if n not in FIELDS})
    if unknown:
        raise ValidationError(
            _("Unknown personal field %(fields)s; use {ad}, {unvan}, {kurum} or {yil}.")
            % {"fields": ", ".join("{" + n + "}" for n in unknown)},
            code="placeholder",
        )
    return list(dict.fromkeys(names))


def render(text: str, values: dict[str, str]) -> str:
    """``text`` with ``{ad}``, ``{unvan}``, ``{kurum}``, ``{yil}`` filled from ``values`` (name, title,
    institution, years: age or years of service, only in standing rules' campaigns)."""
    return PLACEHOLDER.sub(lambda m: values.get(FIELDS.get(m.group(1), ""), m.group(0)) or "", text)


def missing_field(text: str, values: dict[str, str]) -> str | None:
    """The first placeholder of ``text`` that ``values`` leaves empty (an empty {unvan} would read badly)."""
    for name in used_fields(text):
        if not (values.get(FIELDS[name]) or "").strip():
            return name
    return None
