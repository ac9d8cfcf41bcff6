"""Hard Turkish cases for watch terms: names ending in a vowel, numbers with separators,
apostrophe look-alikes and soft hyphens, and nouns that drop a vowel before a suffix.

Each row is (term, text). The rules are in ``pressdesk/monitoring/matching.py`` and
``pressdesk/lib/turkish.py``; why they are so is in ``docs/decisions.md``.
"""

import datetime

import pytest

from pressdesk.monitoring import fulltext, ingest
from pressdesk.monitoring.matching import Matcher
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.monitoring.tests.factories import SourceFactory


def matches(query: str, text: str) -> bool:
    return 1 in Matcher([(1, query)]).match("", text)


FOUND = [
    # Names ending in a vowel: suffixes after an apostrophe, and real case endings without one.
    ("Seda", "Seda'nın açıklaması"),
    ("Seda", "Seda’ya teşekkür"),
    ("Seda", "Sedanın açıklaması"),  # genitive -nın written without the apostrophe
    ("Seda", "Sedaya çiçek"),
    ("Emine", "Emine'ye ulaşıldı"),
    ("Emine", "Emine Hanım"),
    ("Derya", "Derya'm dedi"),  # after an apostrophe anything goes
    ("Derya", "Derya'nın"),
    ("hastane", "hastanemde"),  # -m followed by a case ending is a real chain
    ("hastane", "hastanemizin"),
    ("hastane", "hastanesinde"),
    ("hastane", "hastanelerimizdeki"),
    # Numbers: whole, or with an apostrophe suffix; a separated number is one word.
    ("155", "155'i arayın"),
    ("155", "Alo 155 hattı"),
    ("155", "155."),  # the end of a sentence is not a separator
    ("155.000", "155.000 kişi aşılandı"),
    ("3,5", "3,5 milyon lira"),
    ("112", "112'ye gelen çağrılar"),
    # Apostrophe look-alikes and invisible characters inside a word.
    ("Kocaeli", "Kocaeli\u02bcnde"),  # modifier letter apostrophe
    ("Kocaeli", "Kocaeli\u2019nde"),
    ("Kocaeli", "KOCAELİ\uff07DE"),  # full-width apostrophe
    ("hastane", "Hastane\u02bcde"),
    ("hastane", "Has\u00adta\u00adne\u00adsi"),  # soft hyphens
    ("Şehir Hastanesi", "Şehir Has\u00adtanesi\u02bcnde"),
    ("Gebze", "Geb\u00adze'de"),
    ("Has\u00adtane", "hastanede"),  # typed with a soft hyphen
    ("Kocaeli\u02bcnde", "Kocaeli'nde"),
    # Vowel drop (ünlü düşmesi), from the lexicon in pressdesk/lib/data.
    ("ağız", "ağzı"),
    ("ağız", "ağzından"),
    ("ağız", "AĞZINA"),
    ("burun", "burnu"),
    ("burun", "burnunda"),
    ("oğul", "oğlu"),
    ("oğul", "oğlunu"),
    ("şehir", "şehri"),
    ("şehir", "şehrin"),
    ("şehir", "şehrimizde"),
    ("sehir", "Şehre"),  # typed without Turkish letters
    ("isim", "ismi"),
    ("alın", "alnı"),
    ("bağır", "bağrına"),
    ("beyin", "beyni"),
    ("beyin", "beyninde"),
    ("karın", "karnı"),
    ("karın", "karnına"),
    ("akıl", "aklı"),
    ("akıl", "aklına"),
    ("kayıp", "kaybı"),  # vowel drop and voicing together
    ("kayıp", "kayıplar"),
    ("şehir", "şehirde"),  # the full stem still takes consonant-initial suffixes
    ("beyin", "beyin"),
    ("Büyükşehir Belediyesi", "Büyükşehir Belediyesi'nin"),
    # What worked before keeps working.
    ("müdürlük", "müdürlüğünde"),
    ("kitap", "kitabı"),
    ("İl Sağlık Müdürlüğü", "İL SAĞLIK MÜDÜRLÜĞÜ'NDEN"),
]

NOT_FOUND = [
    # A bare -n or -m makes another name of a name ending in a vowel.
    ("Seda", "Sedan marka otomobil"),
    ("Seda", "SEDAN"),
    ("Seda", "Sedan'ın kapısı"),  # the apostrophe ends the word: "Sedan", not "Seda"
    ("Emine", "Eminem konseri"),
    ("Emine", "Eminem'in şarkısı"),
    ("Derya", "Deryam"),
    ("Ayşe", "Ayşen"),
    ("Ayşe", "Ayşen'in"),
    ("Ece", "Ecem"),
    ("Ali", "Alim"),
    ("hastane", "hastanen"),  # 2nd person possessive: given up, see matching.py
    ("kale", "kalem"),
    # A number inside a number written with separators.
    ("155", "155.000 kişi"),
    ("155", "155,5 milyon"),
    ("155", "1.155 vaka"),
    ("155", "155.000'i aştı"),
    ("000", "155.000"),
    ("5", "3,5"),
    ("112", "1.112"),
    # The dropped stem takes only vowel-initial inflections, and only for listed nouns.
    ("burun", "burn"),
    ("beyin", "beyn"),
    ("isim", "İsmail"),
    ("isim", "İsmet"),
    ("oğul", "oğlan"),
    ("akıl", "aklen"),
    ("şehir", "Şehriyar"),
    ("kömür", "kömrü"),  # not a vowel-dropping noun
    ("ağız", "ağzan"),
    # Invisible characters do not join other words.
    ("hastane", "hasta\u00adlık"),
]


@pytest.mark.parametrize(("query", "text"), FOUND)
def test_term_is_found(query: str, text: str) -> None:
    assert matches(query, text)


@pytest.mark.parametrize(("query", "text"), NOT_FOUND)
def test_term_is_not_found(query: str, text: str) -> None:
    assert not matches(query, text)


def test_hit_covers_the_whole_word_with_its_invisible_characters() -> None:
    text = "Kocaeli Has\u00adtanesi\u02bcnde nöbet"
    (hit,) = Matcher([(1, "hastane")]).match("", text)[1]
    assert text[hit.start : hit.end] == "Has\u00adtanesi\u02bcnde"


def test_archive_highlight_reads_apostrophe_look_alikes() -> None:
    tokens = fulltext.parse("Kocaeli").positive_tokens()
    hits = fulltext.highlight_hits("Kocaeli\u02bcnde ve Kocaeli\u2019de", tokens)
    assert [hit.term for hit in hits] == ["Kocaeli\u02bcnde", "Kocaeli\u2019de"]


@pytest.mark.django_db
def test_ingest_normalises_soft_hyphens_so_the_archive_finds_the_word() -> None:
    source = SourceFactory()
    now = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)
    entry = ParsedEntry(
        guid="1",
        url="https://gazete.example/1",
        title="Has\u00adtanesi\u02bcnde yeni bölüm",
        text="Kocaeli\u02bcnde sağ\u00adlık",
    )
    ingest.ingest_entries(source=source, entries=[entry], fetched_at=now)
    item = Item.objects.get()
    assert (item.title, item.text) == ("Hastanesi\u2019nde yeni bölüm", "Kocaeli\u2019nde sağlık")
    assert list(fulltext.search(Item.objects.all(), "hastanesi").values_list("pk", flat=True)) == [item.pk]
    assert list(fulltext.search(Item.objects.all(), "sağlık").values_list("pk", flat=True)) == [item.pk]
