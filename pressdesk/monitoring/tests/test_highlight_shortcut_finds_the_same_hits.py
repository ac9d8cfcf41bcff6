"""The archive's highlighting skips to the first possible hit and finds exactly what a word-by-word pass finds.

``fulltext.highlight_hits`` lets the regular expression engine find the first place where a
search word's letters appear (in any Turkish or accented form and case) and checks words
from there (issue 21). Texts with characters whose folding is not one letter (``ß``, a
soft hyphen, a combining mark, other scripts) are checked word by word from the start.
"""

import random

import pytest

from pressdesk.lib.turkish import APOSTROPHE_RE, fold_word
from pressdesk.monitoring import fulltext
from pressdesk.monitoring.matching import Hit

TEXTS = [
    "İstanbul'da ılık hava; ISTANBUL ılık",
    "Kocaeli Şehİr HASTANESİ'nde aşı kampanyası: hastanelerimizde aşılar",
    "has\u00adtane önünde kuyruk, hastane yönetimi açıklama yaptı",
    "Straße Hastane ﬁ deprem",
    "e\u0301 deprem tatbikatı",
    "a_b hastane çalışanları",
    "Gebze'de 112 çağrı merkezi; ² ile 2",
    "Ümraniye'de ÇOCUK acil servisi, Çocuklar",
    "Αθήνα hastane",
    "",
    "AŞI",
]
WORDS = ["hastane", "aşı", "ılık", "İstanbul", "deprem", "çocuk", "acil servis", "112", "2", '"şehir hastanesi"']


def word_by_word(text, tokens, within=None):
    exact = {tok.text for tok in tokens if not tok.prefix}
    prefixes = tuple({tok.text for tok in tokens if tok.prefix})
    hits = []
    for match in fulltext.WORD_RE.finditer(text):
        if within is not None and hits and match.start() > hits[0].start + within:
            break
        folded = fold_word(match.group())
        base = APOSTROPHE_RE.split(folded, maxsplit=1)[0]
        if base in exact or (prefixes and (base.startswith(prefixes) or folded.startswith(prefixes))):
            hits.append(Hit(field="text", start=match.start(), end=match.end(), term=match.group()))
    return hits


@pytest.mark.parametrize("word", WORDS)
def test_the_shortcut_finds_what_a_word_by_word_pass_finds(word):
    tokens = fulltext.parse(word).positive_tokens()
    rng = random.Random(word)
    texts = [*TEXTS, *(" ".join(rng.choices(" ".join(TEXTS).split(), k=60)) for _ in range(50))]
    for text in texts:
        for within in (None, 40):
            assert fulltext.highlight_hits(text, tokens, within=within) == word_by_word(text, tokens, within), text


def test_a_text_without_the_letters_is_not_read_word_by_word():
    tokens = fulltext.parse("deprem").positive_tokens()
    assert fulltext.highlight_hits("Kocaeli " * 10_000, tokens) == []
    assert [hit.term for hit in fulltext.highlight_hits("Kocaeli " * 1_000 + "DEPREM'de", tokens)] == ["DEPREM'de"]
