"""A worker keeps one story index across ingests: copies on other sources join, a deleted story is not reused."""

import datetime

import pytest

from pressdesk.monitoring import ingest
from pressdesk.monitoring.models import Item, ItemMatch, Story, WatchTerm
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)
TEXT = (
    "Kocaeli Şehir Hastanesi'nde bugün yeni bir yoğun bakım ünitesi hizmete açıldı; il sağlık müdürü "
    "törende yaptığı konuşmada yatak sayısının artacağını söyledi."
)


def _entry(n: int, text: str = TEXT) -> ParsedEntry:
    return ParsedEntry(guid=f"g{n}", url=f"https://site{n}.example/haber/{n}", title=f"Başlık {n}", text=text)


def test_copies_on_other_sources_join_the_story_through_the_kept_index() -> None:
    stories = ingest.RecentStories()
    first, second, third = (SourceFactory() for _ in range(3))
    ingest.ingest_entries(source=first, entries=[_entry(1)], fetched_at=NOW, stories=stories)
    ingest.ingest_entries(source=second, entries=[_entry(2, TEXT + " Kaynak: AA")], fetched_at=NOW, stories=stories)
    ingest.ingest_entries(
        source=third,
        entries=[_entry(3, "Başka bir konu: nöbetçi eczaneler açıklandı.")],
        fetched_at=NOW,
        stories=stories,
    )
    one, two, three = Item.objects.order_by("guid")
    assert one.story_id == two.story_id != three.story_id
    assert Story.objects.get(pk=one.story_id).item_count == 2


def test_a_story_deleted_meanwhile_is_not_reused() -> None:
    stories = ingest.RecentStories()
    first, second = SourceFactory(), SourceFactory()
    ingest.ingest_entries(source=first, entries=[_entry(1)], fetched_at=NOW, stories=stories)
    Story.objects.all().delete()  # the item keeps no story; the index still remembers it
    ingest.ingest_entries(source=second, entries=[_entry(2)], fetched_at=NOW, stories=stories)
    latest = Item.objects.get(guid="g2")
    assert latest.story_id is not None and Story.objects.filter(pk=latest.story_id).exists()


def test_match_rows_hold_spans_per_field() -> None:
    term = WatchTerm.objects.create(name="Şehir Hastanesi", query='"Kocaeli Şehir Hastanesi"')
    entry = ParsedEntry(guid="g", url="https://a.example/1", title="Kocaeli Şehir Hastanesi'nde tören", text=TEXT)
    ingest.ingest_entries(source=SourceFactory(), entries=[entry], fetched_at=NOW)
    rows = {row.field: row.spans for row in ItemMatch.objects.filter(term=term)}
    assert rows == {
        "title": [[0, 27, "Kocaeli Şehir Hastanesi'nde"]],
        "text": [[0, 27, "Kocaeli Şehir Hastanesi'nde"]],
    }
