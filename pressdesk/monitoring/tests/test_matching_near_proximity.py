"""NEAR/n and w/n: at most n words between the two sides, either order, same field."""

import pytest

from pressdesk.monitoring.matching import Matcher

TEXT = "Acil servis önünde bekleyen hastalar için Kocaeli Şehir Hastanesi yeni bir düzenleme yaptı."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"acil servis" NEAR/5 hastalar', True),  # 2 words between
        ('"acil servis" NEAR/1 hastalar', False),
        ('"acil servis" NEAR/2 hastalar', True),
        ("hastalar NEAR/5 acil", True),  # order does not matter
        ("düzenleme NEAR/5 acil", False),
        ("hastane w/2 düzenleme", True),  # Hastanesi, yeni, bir, düzenleme
        ("hastane W/1 düzenleme", False),
        ('"Şehir Hastanesi" NEAR/0 Kocaeli', True),  # adjacent
    ],
)
def test_near(query, expected):
    assert (1 in Matcher([(1, query)]).match("", TEXT)) is expected


def test_near_does_not_join_title_and_text():
    matcher = Matcher([(1, "hastane NEAR/3 düzenleme")])
    assert matcher.match("Şehir Hastanesi", "Yeni düzenleme yapıldı") == {}


def test_near_highlights_only_the_close_pair():
    text = "hastane uzak uzak uzak uzak uzak uzak doktor ve hastane"
    hits = Matcher([(1, "doktor NEAR/2 hastane")]).match("", text)[1]
    assert [(hit.start, hit.term) for hit in hits] == [
        (text.index("doktor"), "doktor"),
        (text.rindex("hastane"), "hastane"),
    ]


def test_near_combines_with_boolean_operators():
    matcher = Matcher([(1, "(hastane NEAR/3 düzenleme) AND Kocaeli -spor")])
    assert 1 in matcher.match("", TEXT)
