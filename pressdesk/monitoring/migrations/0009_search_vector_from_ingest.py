"""PostgreSQL: ingest sends each item's search vector; the trigger computes it only when none is given.

``to_tsvector`` over an article took ≈ 0.6 ms of the database server's time per item,
most of what PostgreSQL spent on ingest. Ingest now sends the vector with the row
(``fulltext.pg_search_vector``, the same words), so:

* the INSERT trigger fires only ``WHEN (NEW.search_vector IS NULL)`` (the admin, raw SQL,
  ``bulk_create`` of other code paths);
* the UPDATE trigger fires only when the title or the text really changed (a ``save()``
  that rewrites every column no longer recomputes the vector);
* ``pressdesk_search_fold`` turns every run of characters that are not letters or digits
  into one space, so PostgreSQL's parser sees the words the query side (and
  ``pg_search_vector``) sees: ``covid-19`` is ``covid`` ``19`` (it was ``covid`` ``-19``),
  ``3.5`` is ``3`` ``5``, an address is its words.

Rows stored before keep their vectors. Nothing to do on SQLite.
"""

from django.db import migrations

FOLD = r"""
CREATE OR REPLACE FUNCTION pressdesk_search_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(lower(translate(
        regexp_replace(value, '[''’‘`´][[:alnum:]]+', '', 'g'),
        'ÇĞİIÖŞÜÂÎÛçğıöşüâîû',
        'cgiiosuaiucgiosuaiu'
    )), '[^[:alnum:]]+', ' ', 'g')
$$
"""
OLD_FOLD = r"""
CREATE OR REPLACE FUNCTION pressdesk_search_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(translate(
        regexp_replace(value, '[''’‘`´][[:alnum:]]+', '', 'g'),
        'ÇĞİIÖŞÜÂÎÛçğıöşüâîû',
        'cgiiosuaiucgiosuaiu'
    ))
$$
"""

FORWARD = [
    FOLD,
    "DROP TRIGGER IF EXISTS monitoring_item_search_vector ON monitoring_item",
    """
    CREATE TRIGGER monitoring_item_search_vector_on_insert
    BEFORE INSERT ON monitoring_item
    FOR EACH ROW WHEN (NEW.search_vector IS NULL)
    EXECUTE FUNCTION monitoring_item_search_vector_update()
    """,
    """
    CREATE TRIGGER monitoring_item_search_vector_on_update
    BEFORE UPDATE OF title, text ON monitoring_item
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.text IS DISTINCT FROM NEW.text)
    EXECUTE FUNCTION monitoring_item_search_vector_update()
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS monitoring_item_search_vector_on_insert ON monitoring_item",
    "DROP TRIGGER IF EXISTS monitoring_item_search_vector_on_update ON monitoring_item",
    """
    CREATE TRIGGER monitoring_item_search_vector
    BEFORE INSERT OR UPDATE OF title, text ON monitoring_item
    FOR EACH ROW EXECUTE FUNCTION monitoring_item_search_vector_update()
    """,
    OLD_FOLD,
]


def _run(statements):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0008_drop_indexes_covered_by_composites")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
