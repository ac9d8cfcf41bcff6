"""Fill a Turkish catalogue's untranslated or fuzzy entries (a developer's tool).

    .venv/bin/python script/po_fill.py PO_FILE [TRANSLATIONS.json]

TRANSLATIONS.json maps a msgid (``"context|msgid"`` for a context) to its
translation, or to a list of forms for a plural entry. Entries it does not
cover are filled, where possible, from the project's other catalogues (an app
catalogue repeats common words such as "name"). The file is rewritten the way
``makemessages --no-location`` writes it; run ``script/check-translations``
afterwards.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

root = Path(__file__).resolve().parent.parent


def key(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}|{msgid}" if message.context else msgid


def known() -> dict[str, object]:
    found: dict[str, object] = {}
    for path in sorted((root / "pressdesk").rglob("locale/tr/LC_MESSAGES/django.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    found.setdefault(key(message), message.string)
    return found


def main() -> int:
    po_path = Path(sys.argv[1])
    given = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")) if len(sys.argv) > 2 else {}
    fallback = known()
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        empty = not (message.string if isinstance(message.string, str) else all(message.string))
        k = key(message)
        if k in given:
            value = given[k]
        elif (empty or message.fuzzy) and k in fallback:
            value = fallback[k]
        else:
            continue
        message.string = tuple(value) if isinstance(value, list) else value
        message.flags.discard("fuzzy")
        filled += 1
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=120, no_location=True, omit_header=False)
    print(f"{po_path}: {filled} entries filled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
