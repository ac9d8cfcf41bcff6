"""Suffix tolerance does not turn a term into other words (documented in matching.py)."""

import pytest

from pressdesk.monitoring.matching import Matcher


def matches(query: str, text: str) -> bool:
    return 1 in Matcher([(1, query)]).match("", text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Kocaeli", "Kocaelispor maçı"),  # another name, not an inflection
        ("Kocaeli", "Kocaelili taraftar"),  # derivational -li
        ("sağlık", "sağlıkçılar"),
        ("Gebze", "Gebzeli"),
        ("İl", "İlçe Sağlık Müdürlüğü"),  # short word: no suffix without apostrophe
        ("İl", "ile"),
        ("İl", "ilimizde"),
        ("il", "İLK"),
        ("hastane", "hastanecilik"),
        ("hastane", "hasta"),  # shorter than the term
        ("acil", "acilen"),  # acil+e+n: a case ending cannot be followed by a possessive
    ],
)
def test_no_false_positive(query, text):
    assert not matches(query, text)


def test_short_word_takes_suffix_after_apostrophe():
    assert matches("İl", "İl'de 5 yeni vaka")
    assert matches("İl", "İL genelinde")


def test_suffix_chain_follows_grammatical_order():
    assert matches("hastane", "hastanelerimizdeki")
    assert not matches("hastane", "hastanedelerimiz")
    assert not matches("hastane", "hastane" + "lerimizdeki" * 2)


def test_known_limit_other_word_that_looks_inflected():
    # kalem (pen) + i reads as kale (castle) + m + i: the rule cannot tell them apart.
    assert matches("kale", "kalemi")
