"""Exact SMS length counting, as the operators bill it (3GPP TS 23.038 / 23.040).

An SMS carries 140 octets. Three encodings are used for Turkish text:

* ``gsm7``: the GSM 03.38 default alphabet, 160 septets in one message, 153 in
  each part of a long one (the concatenation header takes 7). The extension
  characters ``^ { } \\ [ ] ~ | €`` (and the form feed) take two septets
  (escape + character).
* ``gsm7_tr``: the default alphabet with the Turkish *single shift* table
  (a national-language header of 3 octets): 155 in one message, 149 per part.
  Only ``Ş ş Ğ ğ ç ı İ`` need the table, and each takes two septets; the
  extension characters are in the Turkish table too and still take two.
  ``Ç Ö Ü ö ü`` are in the default alphabet.
* ``ucs2``: anything else; 70 UTF-16 code units in one message, 67 per part (an
  emoji takes two).

A part never ends between an escape and its character (nor between the two
halves of a surrogate pair): ``split`` fills parts greedily under that rule, so
the number of parts is the number the operator bills.

``static/sms/counter.js`` mirrors this module for the compose form; the tests
check both against the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7 = "gsm7"
GSM7_TR = "gsm7_tr"
UCS2 = "ucs2"

# The GSM 03.38 default alphabet (one septet each); 0x1B, the escape, is left out.
DEFAULT_ALPHABET = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The default extension table: escape + character, two septets.
EXTENSION = frozenset("\f^{}\\[]~|€")
# The Turkish single shift table adds these seven (two septets each).
TURKISH_SHIFT = frozenset("ŞşĞğçıİ")

# (one message, each part of a long message) in the encoding's units.
LIMITS = {GSM7: (160, 153), GSM7_TR: (155, 149), UCS2: (70, 67)}
# Longer messages are refused: operators and providers cap concatenation, and
# a message of more parts is rarely meant.
MAX_PARTS = 10

LABELS = {GSM7: "GSM-7", GSM7_TR: "GSM-7 + Türkçe", UCS2: "UCS-2 (Unicode)"}


@dataclass(frozen=True)
class Count:
    encoding: str
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int
    per_part: int  # the capacity of each part for this message (single or concatenated)
    remaining: int  # units left in the last part before another part starts
    characters: int

    @property
    def label(self) -> str:
        return LABELS[self.encoding]

    @property
    def too_long(self) -> bool:
        return self.parts > MAX_PARTS


def encoding_of(text: str) -> str:
    """The cheapest encoding that can carry ``text``."""
    turkish = False
    for ch in text:
        if ch in DEFAULT_ALPHABET or ch in EXTENSION:
            continue
        if ch in TURKISH_SHIFT:
            turkish = True
            continue
        return UCS2
    return GSM7_TR if turkish else GSM7


def unit_sizes(text: str, encoding: str | None = None) -> list[int]:
    """The size of each character of ``text`` in ``encoding``'s units (an indivisible run each)."""
    encoding = encoding or encoding_of(text)
    if encoding == UCS2:
        return [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    if encoding == GSM7:
        return [2 if ch in EXTENSION else 1 for ch in text]
    return [2 if (ch in EXTENSION or ch in TURKISH_SHIFT) else 1 for ch in text]


def _fill(sizes: list[int], capacity: int) -> list[int]:
    """Greedy parts: the units used in each part, a character never split between two parts."""
    parts = [0]
    for size in sizes:
        if parts[-1] + size > capacity:
            parts.append(0)
        parts[-1] += size
    return parts


def count(text: str) -> Count:
    """Encoding, units, parts and what is left in the last part of ``text``."""
    encoding = encoding_of(text)
    sizes = unit_sizes(text, encoding)
    units = sum(sizes)
    single, multi = LIMITS[encoding]
    if units <= single:
        return Count(encoding, units, 1 if units else 0, single, single - units, len(text))
    used = _fill(sizes, multi)
    return Count(encoding, units, len(used), multi, multi - used[-1], len(text))


def split(text: str) -> list[str]:
    """``text`` cut into the parts the operator sends (for the preview and for tests)."""
    encoding = encoding_of(text)
    sizes = unit_sizes(text, encoding)
    single, multi = LIMITS[encoding]
    if sum(sizes) <= single:
        return [text] if text else []
    parts: list[str] = [""]
    used = 0
    for ch, size in zip(text, sizes, strict=True):
        if used + size > multi:
            parts.append("")
            used = 0
        parts[-1] += ch
        used += size
    return parts
