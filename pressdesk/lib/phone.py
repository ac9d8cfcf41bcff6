"""Turkish mobile phone numbers: one canonical form, ``+905XXXXXXXXX``.

People type numbers as ``0532 123 45 67``, ``+90 (532) 123-4567``,
``532 123 4567`` or ``0090532…``; all of them are stored the same way so that
SMS sending and duplicate checks see one value. Landlines (``0262 …``),
special numbers (``0850``, ``444``) and anything that is not a number are
refused.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_MOBILE_MESSAGE = _("Enter a Turkish mobile phone number, for example 0532 123 45 67.")

# What may separate the digits: spaces, dashes, dots, slashes and parentheses.
_SEPARATORS = re.compile(r"[\s\-./()]+")
_ALLOWED = re.compile(r"\+?\d+")
# A national mobile number: 10 digits starting with 5 (operators use 50x–56x).
_NATIONAL_MOBILE = re.compile(r"5[0-9]{9}")


def normalize_mobile(value: str) -> str:
    """Return ``value`` as ``+905XXXXXXXXX`` or raise ``ValidationError``.

    >>> normalize_mobile("0532 123 45 67")
    '+905321234567'
    """
    compact = _SEPARATORS.sub("", value or "")
    if not _ALLOWED.fullmatch(compact):
        raise ValidationError(INVALID_MOBILE_MESSAGE, code="invalid_mobile")
    digits = compact.lstrip("+")
    if compact.startswith("+"):
        if not digits.startswith("90"):
            raise ValidationError(INVALID_MOBILE_MESSAGE, code="invalid_mobile")
        national = digits[2:]
    elif digits.startswith("0090"):
        national = digits[4:]
    elif digits.startswith("90") and len(digits) == 12:
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if not _NATIONAL_MOBILE.fullmatch(national):
        raise ValidationError(INVALID_MOBILE_MESSAGE, code="invalid_mobile")
    return "+90" + national


def format_mobile(value: str) -> str:
    """Show a stored ``+905321234567`` the way people write it: ``0532 123 45 67``.

    Values that are not in the canonical form are returned unchanged.
    """
    if not re.fullmatch(r"\+905\d{9}", value or ""):
        return value
    n = value[3:]
    return f"0{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"
