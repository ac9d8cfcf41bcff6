"""One neutraliser for every cell the application exports to a spreadsheet (Excel or CSV).

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read by Excel and LibreOffice as a formula (CSV/formula injection, OWASP):
an imported feed title ``=HYPERLINK(…)`` becomes a live link, worse ones run
commands. Such text gets a leading apostrophe so it stays text. Numbers and
dates pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The OWASP list, plus the full-width forms some spreadsheet versions also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralize_cell(value: Any) -> Any:
    """``value`` safe to put in a spreadsheet cell: formula-like text is prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize_row(values: Iterable[Any]) -> list[Any]:
    return [neutralize_cell(value) for value in values]
