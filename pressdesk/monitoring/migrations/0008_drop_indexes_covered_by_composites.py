"""Drop the single-column indexes of four foreign keys that a composite index already leads with.

``Item.source``: the unique (source, identity_hash) and (source, title_hash, fetched_at).
``Item.story``: (story, -published_at). ``ItemMatch.item``: the unique (item, term, field).
``ItemMatch.term``: (term, item). Ingest writes every index of a new row; these four were
pure cost. The indexes are dropped by name found through introspection, not by
``AlterField``: on SQLite that would rebuild ``monitoring_item`` and lose its full-text
triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column) whose lone, non-unique index goes
COVERED = [
    ("monitoring_item", "source_id"),
    ("monitoring_item", "story_id"),
    ("monitoring_itemmatch", "item_id"),
    ("monitoring_itemmatch", "term_id"),
]


def _lone_indexes(schema_editor, table, column):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, info in constraints.items()
        if info["index"] and info["columns"] == [column] and not info["unique"] and not info["primary_key"]
    ]


def drop_indexes(apps, schema_editor):
    for table, column in COVERED:
        for name in _lone_indexes(schema_editor, table, column):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    for table, column in COVERED:
        if not _lone_indexes(schema_editor, table, column):
            name = schema_editor._create_index_name(table, [column])
            schema_editor.execute(
                f"CREATE INDEX {schema_editor.quote_name(name)} ON {schema_editor.quote_name(table)} "
                f"({schema_editor.quote_name(column)})"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_recompute_recent_signatures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="item",
                    name="source",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="monitoring.source",
                        verbose_name="source",
                    ),
                ),
                migrations.AlterField(
                    model_name="item",
                    name="story",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="items",
                        to="monitoring.story",
                        verbose_name="story",
                    ),
                ),
                migrations.AlterField(
                    model_name="itemmatch",
                    name="item",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="matches",
                        to="monitoring.item",
                        verbose_name="item",
                    ),
                ),
                migrations.AlterField(
                    model_name="itemmatch",
                    name="term",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="monitoring.watchterm",
                        verbose_name="watch term",
                    ),
                ),
            ],
        ),
    ]
