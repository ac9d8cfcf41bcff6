"""The archive search finds the same items whichever form the database is asked in.

PostgreSQL is asked three ways (index, row check for a narrow set, exact-word guard then
row check for phrases read early); SQLite ignores the hints. All must agree.
"""

import pytest

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.fulltext import PostgresBackend
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

ROWS = {
    "together": ("Kocaeli Şehir Hastanesi'nde açılış", "Yeni poliklinik hizmete girdi."),
    "inflected": ("Şehir Hastanesinde yoğun bakım", "Kocaeli Şehir Hastanesinin yoğun bakım ünitesi genişledi."),
    "apart": ("Kocaeli'de şehir merkezinde yeni hastane", "Hastane inşaatı sürüyor."),
    "ministry": ("İl Sağlık Müdürlüğü açıklama yaptı", "İL SAĞLIK MÜDÜRLÜĞÜ'nden kızamık uyarısı."),
    "ascii": ("Il Saglik Mudurlugunden duyuru", "Kan bagisi kampanyasi basladi."),
    "ambulance": ("112 ambulansı kaza yaptı", "Şehir Hastanesi acil servisine kaldırıldı"),
    "other": ("Kocaelispor galip geldi", "Maçta yoğun tempo vardı."),
    "stop words": ("Okul ve hastane ziyareti", "Bu hastane için yeni bina."),
}
QUERIES = [
    '"Kocaeli Şehir Hastanesi"',
    '"şehir hastanesi"',
    '"İl Sağlık Müdürlüğü"',
    '"acil servis" ambulans',
    '"il sağlık" OR kızamık',
    '"yoğun bakım" -Kocaelispor',
    "title:hastane",
    "yoğun bakım",
    "hastanesinde",
    "(ambulans OR 112) -maç",
    "Saglik Mudurlugu",
    '"ve hastane"',  # a phrase whose only exact word is a stop word
    '"bu hastane" OR "Kocaeli Şehir"',  # an OR branch of stop words only
]


@pytest.fixture
def items():
    source = SourceFactory()
    for key, (title, text) in ROWS.items():
        source.items.create(outlet=source.outlet, identity_hash=key, title=title, text=text)
    return source


@pytest.mark.parametrize("text", QUERIES)
def test_every_form_finds_the_same_items(items, text):
    query = fulltext.parse(text)
    backend = fulltext.backend_for()
    base = Item.objects.filter(source=items)

    def found(**hints):
        return sorted(backend.filter(base, query, **hints).values_list("identity_hash", flat=True))

    indexed = found()
    assert indexed, text  # every query finds something here
    assert found(narrow=True) == indexed
    assert found(early=True) == indexed
    assert sorted(fulltext.search(base, query, narrow=True).values_list("identity_hash", flat=True)) == indexed


def test_guard_keeps_only_exact_words():
    guard = PostgresBackend.guard
    assert guard(fulltext.parse('"Kocaeli Şehir Hastanesi"').node) == "'kocaeli' & 'sehir'"
    assert guard(fulltext.parse('"acil servis" 112').node) == "('acil' & '112')"
    assert guard(fulltext.parse("hastane").node) is None  # a prefix word only
    assert guard(fulltext.parse('"il sağlık" OR kızamık').node) is None  # an OR with a prefix word
    assert guard(fulltext.parse('"il sağlık" -kaza').node) == "('il')"
    assert guard(fulltext.parse('"ve hastane"').node, {"ve"}) is None
    assert guard(fulltext.parse('"bu hastane" OR "Kocaeli Şehir"').node, {"bu"}) is None
