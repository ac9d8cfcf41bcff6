"""Hits carry offsets in the original, unfolded text so the UI can highlight them."""

from pressdesk.monitoring.matching import Hit, Matcher


def test_offsets_point_at_the_original_text():
    title = "KOCAELİ ŞEHİR HASTANESİ'NDE YOĞUNLUK"
    text = "Dün İL SAĞLIK MÜDÜRLÜĞÜ açıkladı: Kocaeli Şehir Hastanesi'nde ve hastanemizin acilinde."
    matcher = Matcher([(10, '"Kocaeli Şehir Hastanesi"'), (20, '"İl Sağlık Müdürlüğü"'), (30, "hastane")])
    result = matcher.match(title, text)
    for hits in result.values():
        for hit in hits:
            source = title if hit.field == "title" else text
            assert source[hit.start : hit.end] == hit.term
    assert [(hit.field, hit.term) for hit in result[10]] == [
        ("text", "Kocaeli Şehir Hastanesi'nde"),
        ("title", "KOCAELİ ŞEHİR HASTANESİ'NDE"),
    ]
    assert result[20] == [Hit("text", 4, 23, "İL SAĞLIK MÜDÜRLÜĞÜ")]
    assert [hit.term for hit in result[30]] == ["Hastanesi'nde", "hastanemizin", "HASTANESİ'NDE"]


def test_hit_is_frozen_and_hashable():
    hit = Hit("text", 0, 3, "abc")
    assert {hit, Hit("text", 0, 3, "abc")} == {hit}


def test_same_word_from_two_branches_is_reported_once():
    result = Matcher([(1, "hastane OR hastane*")]).match("", "hastanede")
    assert result == {1: [Hit("text", 0, 9, "hastanede")]}


def test_terms_sharing_an_id_merge_hits():
    result = Matcher([(1, "acil"), (1, "hastane")]).match("", "acil hastane")
    assert [hit.term for hit in result[1]] == ["acil", "hastane"]
