"""Compile every .po catalogue of the project into .mo (no GNU gettext needed).

Uses Babel, so a fresh machine without gettext's msgfmt can still run the
app in Turkish. Exits non-zero on a broken catalogue.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

root = Path(__file__).resolve().parent.parent / "pressdesk"
count = 0
for po_path in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
    with po_path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        continue
    with mo_path.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    count += 1
print(f"    {count} catalogue(s) compiled", file=sys.stderr)
