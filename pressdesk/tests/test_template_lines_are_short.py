"""No template line is longer than 200 characters (issue 22).

djLint (`script/test`) breaks lines at block tags and attributes; inline text, `{% blocktranslate %}`
sentences and long class conditions are broken by hand, without changing the rendered page or a msgid.
"""

from pathlib import Path

import pressdesk

MAX_LENGTH = 200
PACKAGE = Path(pressdesk.__file__).parent
# A template that must keep a longer line would be listed here (the second test says when to remove it).
ALLOWED_LONG: set[str] = set()


def _templates() -> list[tuple[str, Path]]:
    return sorted((path.relative_to(PACKAGE).as_posix(), path) for path in PACKAGE.rglob("*.html"))


def _long_lines(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, start=1) if len(line) > MAX_LENGTH]


def test_template_lines_are_at_most_200_characters():
    too_long = [
        f"{name}:{number}" for name, path in _templates() if name not in ALLOWED_LONG for number in _long_lines(path)
    ]
    assert too_long == [], f"template lines longer than {MAX_LENGTH} characters: {too_long}"


def test_every_allowed_exception_still_needs_to_be_one():
    templates = dict(_templates())
    for name in ALLOWED_LONG:
        assert name in templates, f"{name} no longer exists: remove it from ALLOWED_LONG"
        assert _long_lines(templates[name]), f"{name} has no long line any more: remove it from ALLOWED_LONG"
