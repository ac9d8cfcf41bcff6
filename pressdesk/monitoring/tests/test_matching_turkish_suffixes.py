"""The last word of a term matches inflected forms, with or without an apostrophe."""

import pytest

from pressdesk.monitoring.matching import Matcher


def matches(query: str, text: str) -> bool:
    return 1 in Matcher([(1, query)]).match("", text)


@pytest.mark.parametrize(
    "text",
    [
        "Kocaeli Şehir Hastanesi'nde nöbet",
        "Şehir Hastanesinde nöbet",
        "hastanemizin acil servisi",
        "hastanede",
        "hastaneye",
        "hastaneden",
        "hastanenin",
        "hastaneyle",
        "hastaneler",
        "hastanelerimizdeki",
        "hastanedeki",
        "HASTANESİ",
    ],
)
def test_hastane_matches_inflected_forms(text):
    assert matches("hastane", text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ('"Kocaeli Şehir Hastanesi"', "Kocaeli Şehir Hastanesi'nde nöbet"),
        ('"Kocaeli Şehir Hastanesi"', "Kocaeli Şehir Hastanesinin bahçesi"),
        ('"İl Sağlık Müdürlüğü"', "İl Sağlık Müdürlüğü'nün açıklaması"),
        ('"İl Sağlık Müdürlüğü"', "İl Sağlık Müdürlüğümüz"),
        ("İzmit", "İzmit'te trafik"),
        ("112", "112'yi aradı"),
        ("Kocaeli", "Kocaeli'nin"),
        ("Kocaeli", "Kocaelinde"),
    ],
)
def test_terms_match_with_suffixes(query, text):
    assert matches(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("müdürlük", "Müdürlüğü'nün açıklaması"),
        ("müdürlük", "müdürlüğümüz"),
        ("müdürlük", "mudurlugu"),
        ("kitap", "kitabı"),
        ("renk", "rengi"),
        ("kağıt", "kağıdı"),
        ("ağaç", "ağacı"),
        ('"İl Sağlık Müdürlük"', "İL SAĞLIK MÜDÜRLÜĞÜ"),
    ],
)
def test_final_consonant_softening(query, text):
    assert matches(query, text)


def test_softened_stem_needs_a_vowel_after_it():
    assert not matches("kitap", "kitab")
    assert not matches("müdürlük", "müdürlüğ")


def test_only_the_last_word_of_a_phrase_takes_suffixes():
    assert not matches('"Kocaeli Şehir Hastanesi"', "Kocaeli'nin Şehir Hastanesi")
    assert not matches('"şehir hastanesi"', "şehirde hastanesi")
    assert matches('"şehir hastanesi"', "Şehir Hastanesi'ne")
