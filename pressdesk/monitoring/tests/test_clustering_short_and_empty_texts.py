"""Empty and very short texts do not crash; short texts group by exact (folded) title."""

from pressdesk.monitoring.clustering import StoryIndex, signature, similarity

LONG = " ".join(["Kocaeli Şehir Hastanesi'nde yeni ünite açıldı ve hastalar memnun kaldı"] * 3)


def test_empty_text_has_empty_signature_that_matches_nothing():
    assert signature("") == b""
    assert signature("", title="") == b""
    assert signature("  ...  ") == b""
    index = StoryIndex()
    assert index.add(1, b"") is False
    assert len(index) == 0
    assert index.query(b"") == []
    assert similarity(b"", b"") == 0.0


def test_short_texts_group_by_title():
    a = signature("Son dakika!", title="Şehir Hastanesi'nde yangın")
    b = signature("Ayrıntılar geliyor", title="ŞEHİR HASTANESİ'NDE YANGIN")
    c = signature("Son dakika!", title="Şehir Hastanesi'nde tatbikat")
    assert similarity(a, b) == 1.0
    assert similarity(a, c) < 0.2
    index = StoryIndex()
    index.add(1, a)
    index.add(3, c)
    assert index.query(b) == [1]


def test_short_text_without_title_uses_the_text():
    assert similarity(signature("Yangın çıktı"), signature("YANGIN ÇIKTI")) == 1.0


def test_short_text_never_matches_a_long_one():
    index = StoryIndex()
    index.add(1, signature(LONG, title="x"))
    assert index.query(signature("Kocaeli Şehir Hastanesi", title=LONG)) == []
