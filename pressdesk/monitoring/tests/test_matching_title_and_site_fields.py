"""title: limits a word or group to the title; site: matches the item's host and subdomains."""

import pytest

from pressdesk.monitoring.matching import Matcher


def test_title_field_needs_the_word_in_the_title():
    matcher = Matcher([(1, "title:hastane"), (2, "hastane")])
    assert set(matcher.match("Şehir Hastanesi'nde yoğunluk", "Haberin ayrıntıları")) == {1, 2}
    assert set(matcher.match("Yoğunluk", "Şehir Hastanesi'nde yoğunluk")) == {2}


def test_title_field_applies_to_phrases_and_groups():
    matcher = Matcher([(1, 'title:"şehir hastanesi"'), (2, "title:(acil OR ambulans) hastane")])
    result = matcher.match("Şehir Hastanesi'ne ambulans", "Metin hastane")
    assert set(result) == {1, 2}
    assert {hit.field for hit in result[2]} == {"title", "text"}


def test_title_hits_are_marked_as_title():
    hits = Matcher([(1, "title:izmit")]).match("İZMİT'te yeni hastane", "İzmit")[1]
    assert [(hit.field, hit.term) for hit in hits] == [("title", "İZMİT'te")]


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ("kocaelibaris.com", True),
        ("https://www.kocaelibaris.com/haber/12", True),
        ("http://KOCAELIBARIS.COM", True),
        ("https://m.kocaelibaris.com/amp", True),
        ("https://spor.kocaelibaris.com/", True),
        ("https://kocaelibaris.com.tr/", False),
        ("https://notkocaelibaris.com/", False),
        ("", False),
    ],
)
def test_site_field_matches_host(site, expected):
    matcher = Matcher([(1, "site:kocaelibaris.com hastane")])
    assert (1 in matcher.match("", "Hastane haberi", site)) is expected


def test_site_alone_matches_every_item_from_the_site_without_hits():
    matcher = Matcher([(1, "site:kocaelibaris.com"), (2, "site:kocaelibaris.com NOT spor")])
    assert matcher.match("Başlık", "Metin", "https://www.kocaelibaris.com/x") == {1: [], 2: []}
    assert matcher.match("Başlık", "Kocaelispor spor", "https://www.kocaelibaris.com/x") == {1: []}
    assert matcher.match("Başlık", "Metin", "https://example.com/") == {}


def test_excluding_a_site():
    matcher = Matcher([(1, "hastane -site:kocaelibaris.com")])
    assert 1 in matcher.match("", "hastane", "https://ozgurkocaeli.com.tr/")
    assert matcher.match("", "hastane", "https://kocaelibaris.com/") == {}
