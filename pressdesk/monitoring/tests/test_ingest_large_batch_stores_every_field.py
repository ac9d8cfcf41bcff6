"""A large batch (COPY on PostgreSQL) stores the same rows as a small one (bulk_create)."""

import datetime

import pytest

from pressdesk.monitoring import bulk, ingest
from pressdesk.monitoring.models import Item, ItemMatch, WatchTerm
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)


def _entries(count: int, prefix: str) -> list[ParsedEntry]:
    return [
        ParsedEntry(
            guid=f"{prefix}-{n}",
            url=f"https://gazete.example/{prefix}/{n}?utm_source=rss",
            title=f"Kocaeli Şehir Hastanesi'nde {prefix} haber {n}",
            summary_html=f"<p onclick='x()'>Metin {n}</p><script>alert(1)</script>",
            text=f"Metin {n}: acil serviste yoğunluk; {prefix} ayrıntıları " * 3,
            published_at=NOW - datetime.timedelta(minutes=n),
            image_url="https://gazete.example/1.jpg",
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [3, 40], ids=["small", "large"])
def test_every_field_is_stored(count: int) -> None:
    term = WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"')
    source = SourceFactory()
    result = ingest.ingest_entries(source=source, entries=_entries(count, "b"), fetched_at=NOW)
    assert result.new_items == count
    assert result.items is not None and all(item.pk for item in result.items)
    stored = Item.objects.get(guid="b-1")
    assert stored.url == "https://gazete.example/b/1"
    assert stored.original_url == "https://gazete.example/b/1?utm_source=rss"
    assert stored.outlet_id == source.outlet_id
    assert stored.published_at == NOW - datetime.timedelta(minutes=1)
    assert stored.fetched_at == NOW
    assert "<script" not in stored.summary_html and "onclick" not in stored.summary_html
    assert stored.matched and stored.story_id is not None
    assert len(bytes(stored.signature)) == 512
    assert ItemMatch.objects.filter(term=term).count() == count
    # A second batch is deduplicated against the first and new ids do not collide.
    again = ingest.ingest_entries(source=source, entries=_entries(count + 2, "b"), fetched_at=NOW)
    assert again.new_items == 2
    assert Item.objects.filter(source=source).count() == count + 2


def test_fast_insert_stores_the_same_column_values_as_bulk_create() -> None:
    WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"')
    small, large = SourceFactory(), SourceFactory()
    ingest.ingest_entries(source=small, entries=_entries(3, "v"), fetched_at=NOW)  # bulk_create
    ingest.ingest_entries(source=large, entries=_entries(40, "v"), fetched_at=NOW)  # the fast path
    from django.db import connection

    skip = {"id", "source_id", "outlet_id", "story_id", "search_vector"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM monitoring_item WHERE guid = %s ORDER BY source_id", ["v-1"])
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 2
    by_path = [{c: v for c, v in zip(columns, row, strict=True) if c not in skip} for row in rows]
    assert by_path[0] == by_path[1]


def test_fast_story_insert_stores_what_bulk_create_stores() -> None:
    from django.db import connection

    from pressdesk.monitoring.models import Story

    def stories(prefix: str) -> list[Story]:
        return [Story(title=f"{prefix} haber {n}", first_seen_at=NOW, last_seen_at=NOW) for n in range(25)]

    Story.objects.bulk_create(stories("yavaş"))
    fast = stories("hızlı")
    bulk.insert_rows(Story, fast)
    assert all(story.pk for story in fast) and Story.objects.count() == 50
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM monitoring_story WHERE title IN (%s, %s) ORDER BY id", ["yavaş haber 3", "hızlı haber 3"]
        )
        columns = [column[0] for column in cursor.description]
        rows = [
            {c: v for c, v in zip(columns, row, strict=True) if c not in ("id", "title")} for row in cursor.fetchall()
        ]
    assert len(rows) == 2 and rows[0] == rows[1]
