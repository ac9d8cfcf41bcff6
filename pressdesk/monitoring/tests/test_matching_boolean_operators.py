"""AND, OR, NOT, -term, parentheses and implicit AND combine as staff expect."""

import pytest

from pressdesk.monitoring.matching import Matcher

TEXT = "Kocaeli Şehir Hastanesi acil servisinde yoğunluk yaşandı."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hastane acil", True),  # implicit AND
        ("hastane AND acil", True),
        ("hastane AND ameliyat", False),
        ("hastane ameliyat", False),
        ("ameliyat OR acil", True),
        ("ameliyat OR kardiyoloji", False),
        ("hastane NOT spor", True),
        ("hastane NOT acil", False),
        ("hastane -acil", False),
        ('hastane -"acil servis"', False),
        ("hastane -(spor OR futbol)", True),
        ("hastane -(spor OR yoğunluk)", False),
        ("(ameliyat OR acil) AND (Kocaeli OR İzmit)", True),
        ("(ameliyat OR kalp) AND Kocaeli", False),
        ("hastane VE acil", True),
        ("hastane DEĞİL acil", False),
        ("ameliyat VEYA acil", True),
        ("ve", False),  # lower-case "ve" is a word, not an operator
    ],
)
def test_boolean_query(query, expected):
    matcher = Matcher([(1, query)])
    assert (1 in matcher.match("", TEXT)) is expected


def test_only_satisfied_terms_are_returned():
    matcher = Matcher([(1, "hastane"), (2, "belediye"), (3, "hastane -acil")])
    assert set(matcher.match("", TEXT)) == {1}


def test_or_returns_hits_of_every_matching_branch():
    matcher = Matcher([(1, "acil OR Kocaeli OR ameliyat")])
    hits = matcher.match("", TEXT)[1]
    assert [hit.term for hit in hits] == ["Kocaeli", "acil"]


def test_negated_words_are_not_highlighted():
    matcher = Matcher([(1, "hastane NOT ameliyat")])
    assert [hit.term for hit in matcher.match("", TEXT)[1]] == ["Hastanesi"]
