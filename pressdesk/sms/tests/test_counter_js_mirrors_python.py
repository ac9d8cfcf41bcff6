"""static/sms/counter.js counts like encoding.py (run with Node, which the front-end build needs anyway)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from pressdesk.sms.encoding import count

CASES = [
    "",
    "Merhaba",
    "a" * 160,
    "a" * 161,
    "a" * 306,
    "a" * 307,
    "ş" + "a" * 153,
    "ş" + "a" * 154,
    "ş" + "a" * 296,
    "ş" + "a" * 297,
    "â" * 70,
    "â" * 71,
    "â" * 134,
    "â" * 135,
    "a" * 152 + "€" + "a" * 152,
    "â" * 66 + "🌙" + "â" * 10,
    "{[]}^~|\\€ ÇÖÜöü",
    "Sayın {ad}, Ramazan Bayramınızı kutlarız. İl Sağlık Müdürlüğü",
]


def test_js_counter_gives_the_same_encoding_units_parts_and_remaining():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    script = Path(settings.BASE_DIR) / "pressdesk" / "static" / "sms" / "counter.js"
    program = (
        "global.window={};global.document={readyState:'complete',querySelectorAll:()=>[]};"
        f"require({json.dumps(str(script))});"
        "const cases=JSON.parse(require('fs').readFileSync(0,'utf8'));"
        "console.log(JSON.stringify(cases.map(t=>window.pressdeskSmsCount(t))));"
    )
    out = subprocess.run([node, "-e", program], input=json.dumps(CASES), capture_output=True, text=True, check=True)  # noqa: S603
    js = json.loads(out.stdout)
    for text, result in zip(CASES, js, strict=True):
        expected = count(text)
        assert (result["encoding"], result["units"], result["parts"], result["remaining"]) == (
            expected.encoding,
            expected.units,
            expected.parts,
            expected.remaining,
        ), text[:20]
