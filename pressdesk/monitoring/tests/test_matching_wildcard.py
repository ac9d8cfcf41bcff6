"""A trailing * matches any word starting with the letters before it."""

from pressdesk.monitoring.matching import Matcher


def test_wildcard_matches_longer_words():
    matcher = Matcher([(1, "hastane*")])
    assert 1 in matcher.match("", "hastanecilik")
    assert 1 in matcher.match("", "HASTANELERİMİZDEKİ")
    assert matcher.match("", "hasta") == {}


def test_wildcard_at_the_end_of_a_phrase():
    matcher = Matcher([(1, '"şehir hastane*"')])
    assert 1 in matcher.match("", "Şehir Hastanecilik")
    assert matcher.match("", "Şehir Merkezi") == {}


def test_wildcard_is_folded():
    assert 1 in Matcher([(1, "müdürlü*")]).match("", "MUDURLUKLER")
