"""PostgreSQL: an item's long text and search vector are compressed with LZ4 (migration 0010)."""

import pytest
from django.db import connection

from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_long_values_are_stored_with_lz4_and_read_back_whole() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'monitoring_item'::regclass "
            "AND attname IN ('text', 'summary_html', 'search_vector')"
        )
        assert dict(cursor.fetchall()) == {"text": "l", "summary_html": "l", "search_vector": "l"}
    source = SourceFactory()
    text = " ".join(f"Kocaeli Şehir Hastanesi'nde {n}. gün, acil serviste yoğunluk sürüyor." for n in range(200))
    item = Item.objects.create(source=source, outlet=source.outlet, identity_hash="lz4", title="Uzun", text=text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_compression(text) FROM monitoring_item WHERE id = %s", [item.pk])
        assert cursor.fetchone()[0] == "lz4"
    assert Item.objects.get(pk=item.pk).text == text
