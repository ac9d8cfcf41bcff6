"""PostgreSQL: the search vector ingest computes equals the one the trigger computes, and ingest sends it."""

import datetime
import random
import sys
from pathlib import Path

import pytest
from django.db import connection

from pressdesk.monitoring import fulltext, ingest
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
STOP_LIST = (
    "acaba ama aslında az bazı belki biri birkaç birşey biz bu çok çünkü da daha de defa diye eğer en gibi hem "
    "hep hepsi her hiç için ile ise kez ki kim mı mu mü nasıl ne neden nerde nerede nereye niçin niye o sanki "
    "şey siz şu tüm ve veya ya yani"
)


def _generated_entries(count: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    try:
        import bench_matching
    finally:
        sys.path.pop(0)
    rng = random.Random(4)
    return [bench_matching.entry(rng)[:2] for _ in range(count)]


CASES = [
    ("Sağlık ve", "Kocaeli'nin ve  hastanesi, covid-19 3.5 10.000 a_b x@y.com İL SAĞLIK için ve"),
    ("İL SAĞLIK MÜDÜRLÜĞÜ'nden açıklama", "Il Saglik Mudurlugu; KOCAELİ ŞEHİR HASTANESİ’nde IŞIK ığdır çğıöşü ÇĞIÖŞÜ"),
    ("ve bu da", STOP_LIST + " " + STOP_LIST.upper()),  # a title of stop words only: no offset
    ("", "Yalnız metin, başlık yok."),
    ("Yalnız başlık", ""),
    ("", ""),
    ("(112) Acil: %45 artış!", "“Tırnak” — uzun tire… «açı» [köşeli] {süslü} <etiket> & 2026/12/04 10:15 +90 262"),
    ("tekrar", "tekrar " * 300),  # a lexeme's positions stop at 256
    ("uzun", " ".join(f"kelime{n % 500}" for n in range(17_000)) + " son"),  # positions stop at 16383
    # Words of more than 2047 bytes are not indexed and take no position (ж is two bytes).
    ("sınır", f"bir {'a' * 2047} iki {'a' * 2048} üç {'ж' * 1023} dört {'ж' * 1024} beş {'ş' * 1100}"),
]


def _trigger_vector(title: str, text: str) -> str:
    source = SourceFactory()
    item = Item.objects.create(source=source, outlet=source.outlet, identity_hash="x", title=title, text=text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM monitoring_item WHERE id = %s", [item.pk])
        (vector,) = cursor.fetchone()
    item.delete()
    return vector


def _as_tsvector(literal: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text", [literal])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("title", "text"), CASES, ids=range(len(CASES)))
def test_python_vector_equals_the_trigger_vector(title: str, text: str) -> None:
    assert _as_tsvector(fulltext.pg_search_vector(title, text)) == _trigger_vector(title, text)


def test_realistic_entries_give_the_same_vectors() -> None:
    for title, text in _generated_entries(25):
        assert _as_tsvector(fulltext.pg_search_vector(title, text)) == _trigger_vector(title, text)


def test_ingest_sends_the_vector_and_search_finds_the_items() -> None:
    source = SourceFactory()
    entries = [
        ParsedEntry(
            guid=f"v-{n}",
            url=f"https://gazete.example/v/{n}",
            title=f"Kocaeli Şehir Hastanesi'nde covid-19 aşısı {n}",
            text="Acil serviste yoğunluk yaşandı; hastanemizin yeni bölümü açıldı.",
            published_at=NOW,
        )
        for n in range(3)
    ]
    result = ingest.ingest_entries(source=source, entries=entries, fetched_at=NOW)
    assert result.new_items == 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM monitoring_item WHERE source_id = %s AND search_vector = %s::tsvector",
            [source.pk, fulltext.pg_search_vector(entries[0].title, entries[0].text)],
        )
        assert cursor.fetchone()[0] == 1
    items = Item.objects.filter(source=source)
    assert fulltext.search(items, "hastane").count() == 3
    assert fulltext.search(items, '"covid 19"').count() == 3
    assert fulltext.search(items, "Saglik").count() == 0


def test_an_edit_recomputes_the_vector_and_a_plain_save_keeps_it() -> None:
    source = SourceFactory()
    ingest.ingest_entries(
        source=source,
        entries=[ParsedEntry(guid="e", url="https://gazete.example/e", title="Aşı kampanyası", text="Metin")],
        fetched_at=NOW,
    )
    item = Item.objects.get(source=source)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE monitoring_item SET search_vector = 'sentinel' WHERE id = %s", [item.pk])
    item.save()  # every column rewritten, title and text unchanged: the vector stays
    assert fulltext.search(Item.objects.filter(source=source), "sentinel").count() == 1
    Item.objects.filter(pk=item.pk).update(title="Kan bağışı")
    items = Item.objects.filter(source=source)
    assert fulltext.search(items, "sentinel").count() == 0
    assert fulltext.search(items, "bağış").count() == 1
