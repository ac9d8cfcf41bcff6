"""One Matcher with many terms gives the same result as one Matcher per term (the index loses nothing)."""

from pressdesk.monitoring.matching import Matcher

QUERIES = [
    "hastane",
    '"Kocaeli Şehir Hastanesi"',
    '"İl Sağlık Müdürlüğü"',
    "müdürlük",
    "İl",
    "İzmit",
    "kap",
    "hastane -spor",
    "title:acil",
    "acil NEAR/3 servis",
    "ışık*",
    "site:kocaelibaris.com",
    "(Gebze OR Darıca) AND hastane",
    "112",
    "Kocaeli",
    "kitap",
]
DOCUMENTS = [
    ("Acil serviste yoğunluk", "Kocaeli Şehir Hastanesi'nde acil servis doldu. İl Sağlık Müdürlüğü açıklama yaptı."),
    ("IŞIKLAR söndü", "İzmit'te kabı kırılan kitabı Gebze hastanesine götürdü; 112'yi aradı. Kocaelispor."),
    ("Spor", "hastane spor kompleksi İl'de açıldı"),
    ("", ""),
]


def test_combined_matcher_equals_separate_matchers():
    combined = Matcher(list(enumerate(QUERIES)))
    for title, text in DOCUMENTS:
        site = "https://www.kocaelibaris.com/x"
        expected = {}
        for term_id, query in enumerate(QUERIES):
            expected.update(Matcher([(term_id, query)]).match(title, text, site))
        assert combined.match(title, text, site) == expected
