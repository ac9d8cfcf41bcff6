"""Migration 0008 drops the four lone foreign-key indexes, keeps the composites and the full-text triggers."""

import importlib

import pytest
from django.db import connection

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item

from .factories import SourceFactory

migration = importlib.import_module("pressdesk.monitoring.migrations.0008_drop_indexes_covered_by_composites")


def _indexed_column_sets(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [tuple(info["columns"]) for info in constraints.values() if info["index"] or info["unique"]]


@pytest.mark.django_db
def test_lone_indexes_are_gone_and_the_covering_ones_stay():
    item_indexes = _indexed_column_sets("monitoring_item")
    match_indexes = _indexed_column_sets("monitoring_itemmatch")
    assert ("source_id",) not in item_indexes
    assert ("story_id",) not in item_indexes
    assert ("source_id", "identity_hash") in item_indexes
    assert ("story_id", "published_at") in item_indexes
    assert ("item_id",) not in match_indexes
    assert ("term_id",) not in match_indexes
    assert ("item_id", "term_id", "field") in match_indexes
    assert ("term_id", "item_id") in match_indexes


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor refuses to run inside a transaction
def test_reverse_then_forward_and_search_still_finds_new_items():
    with connection.schema_editor() as editor:
        migration.create_indexes(None, editor)
    assert ("source_id",) in _indexed_column_sets("monitoring_item")
    assert ("term_id",) in _indexed_column_sets("monitoring_itemmatch")
    with connection.schema_editor() as editor:
        migration.drop_indexes(None, editor)
    assert ("source_id",) not in _indexed_column_sets("monitoring_item")
    source = SourceFactory()
    Item.objects.create(
        source=source,
        outlet=source.outlet,
        url="https://example.com/1",
        identity_hash="id-1",
        title="Darıca Farabi Hastanesi'nde yeni doğumhane",
        text="Darıca Farabi Eğitim ve Araştırma Hastanesi yeni doğumhanesini açtı.",
    )
    assert fulltext.search(Item.objects.all(), "doğumhane").exists()
