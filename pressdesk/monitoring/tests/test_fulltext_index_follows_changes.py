"""The full-text index follows inserts (also bulk), edits and deletes, and survives a SQLite table rebuild."""

import pytest
from django.db import connection, models

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory


def found(text):
    return sorted(fulltext.search(Item.objects.all(), text).values_list("identity_hash", flat=True))


@pytest.mark.django_db
def test_bulk_insert_edit_and_delete_are_indexed():
    source = SourceFactory()
    Item.objects.bulk_create(
        [
            Item(source=source, outlet=source.outlet, identity_hash="a", title="Aşı kampanyası"),
            Item(source=source, outlet=source.outlet, identity_hash="b", title="Yol çalışması", text="Asfalt"),
        ]
    )
    assert found("kampanya") == ["a"]
    Item.objects.filter(identity_hash="a").update(title="Kan bağışı", text="Kızılay çadırı")
    assert found("kampanya") == []
    assert found("kızılay") == ["a"]
    Item.objects.filter(identity_hash="b").delete()
    assert found("asfalt") == []
    assert found("kan") == ["a"]


@pytest.mark.sqlite  # only SQLite rebuilds a table to change a column
@pytest.mark.django_db(transaction=True)
def test_sqlite_triggers_come_back_after_a_table_rebuild():
    old_field = Item._meta.get_field("title")
    new_field = models.CharField(max_length=1200, blank=True)
    new_field.set_attributes_from_name("title")
    new_field.model = Item
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(Item, old_field, new_field)  # remakes monitoring_item: triggers dropped
        fulltext.ensure_sqlite_triggers(connection)  # what post_migrate does
        source = SourceFactory()
        source.items.create(outlet=source.outlet, identity_hash="x", title="Ambulans filosu büyüdü")
        assert found("ambulans") == ["x"]
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Item, new_field, old_field)
        fulltext.ensure_sqlite_triggers(connection)
