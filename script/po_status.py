"""Print untranslated and fuzzy entries of .po files; exit 1 if there are any."""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po

failed = False
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    missing = [m for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m for m in catalog if m.id and m.fuzzy]
    for message in missing:
        print(f"untranslated: {message.id!r}")
    for message in fuzzy:
        print(f"fuzzy: {message.id!r}")
    if missing or fuzzy:
        print(f"{path}: {len(missing)} untranslated, {len(fuzzy)} fuzzy", file=sys.stderr)
        failed = True
    else:
        print(f"    {path}: complete ({len(catalog)} entries)")
sys.exit(1 if failed else 0)
