"""PostgreSQL: keep each item's search vector in the table row, not in TOAST.

A search vector is 1–3 kB; with the default storage (EXTENDED) most of them were moved
out of line into the TOAST table, so every phrase, title-only, NOT or one-source search
that checks vectors row by row paid an index lookup and extra page reads per row
(≈ 4.5 µs against ≈ 1 µs inline; see docs/monitoring.md). MAIN keeps the vector in the
row (compressed when that helps) unless the row would not fit in a page. The item's
text stays EXTENDED: it is read only for the 25 rows of a page.

Existing rows are rewritten by touching their title (the trigger recomputes the vector).
Nothing to do on SQLite.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE monitoring_item ALTER COLUMN search_vector SET STORAGE MAIN")
    schema_editor.execute("UPDATE monitoring_item SET title = title")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE monitoring_item ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_manual_sources_belong_to_a_province")]

    operations = [migrations.RunPython(forwards, backwards)]
