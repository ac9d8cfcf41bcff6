"""The Turkish interface uses one word for one thing, as ``docs/glossary.md`` gives it (issue 23, defect 12).

"Haberler" named four things (the monitored stories, our stories, their list and the
newsroom) and live monitoring was both "Canlı izleme" and "Canlı takip". These checks
read every Turkish catalogue, so a new label that brings the old words back fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUES = sorted((Path(settings.BASE_DIR) / "pressdesk").rglob("locale/tr/LC_MESSAGES/django.po"))
#: Monitoring is "takip" in the source documents ("Medya takibi", "Haber takibi"), never "izleme".
#: "izleme", "izlenen", "izlemeye" … as words; "ön izleme" (preview) and "izleyecek" (follows) are other words.
MONITORING_AS_IZLEME = re.compile(r"(?<!ön )(?<![a-zçğıöşü])[İi]zle(me|n)", re.I)
#: "Haberler" on its own is the public newsroom's heading, nothing else.
HABERLER_ONLY_FOR = {"News"}


def _entries() -> list[tuple[str, str, str]]:
    found = []
    for path in CATALOGUES:
        with path.open("rb") as handle:
            for message in read_po(handle):
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                found.extend((str(path.relative_to(settings.BASE_DIR)), msgid, text) for text in strings if text)
    return found


def test_the_catalogues_are_found():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("word", ["Canlı izleme", "basın izleme raporu", "İzlenen bir haber", "İzlemeye başlamak"])
def test_the_old_words_are_recognised(word):
    assert MONITORING_AS_IZLEME.search(word)


@pytest.mark.parametrize("word", ["E-postanın ön izlemesi", "Yazı önizlemesi", "varsayılan satırı izleyecek"])
def test_other_words_are_left_alone(word):
    assert not MONITORING_AS_IZLEME.search(word)


def test_monitoring_is_takip_never_izleme():
    wrong = [f"{path}: {msgid!r} → {text!r}" for path, msgid, text in _entries() if MONITORING_AS_IZLEME.search(text)]
    assert wrong == []


def test_haberler_alone_names_only_the_newsroom():
    wrong = [
        f"{path}: {msgid!r}"
        for path, msgid, text in _entries()
        if text.strip() == "Haberler" and msgid not in HABERLER_ONLY_FOR
    ]
    assert wrong == []


def test_the_menus_use_the_glossary_words(province, login):
    page = login(province.staff).get("/my-work/").content.decode()
    for word in ("Basında çıkanlar", "Yayınlarımız", "Haberlerimiz", "Canlı takip"):
        assert word in page
