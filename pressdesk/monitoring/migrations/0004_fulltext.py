"""Full-text search of the archive (see ``pressdesk/monitoring/fulltext.py``).

PostgreSQL: a ``search_vector`` tsvector column on ``monitoring_item`` (not a model
field: Django never writes it), filled by a BEFORE INSERT/UPDATE trigger from the
folded title (weight A) and text (weight B) with the ``pressdesk_turkish`` text search
configuration (PostgreSQL's Turkish stop words, no stemmer), and a GIN index. A trigger rather than a generated column, so that later ``ALTER COLUMN``
of title/text keeps working.

SQLite: a contentless FTS5 table ``monitoring_item_fts`` (rowid = item id) kept in
sync by triggers. Django rebuilds a SQLite table on some schema changes and its
triggers go with it: ``fulltext.ensure_sqlite_triggers`` re-creates them after every
``migrate`` (``post_migrate``).

Existing rows are indexed here.
"""

from django.db import migrations

PG_FORWARD = [
    r"""
    CREATE OR REPLACE FUNCTION pressdesk_search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT lower(translate(
            regexp_replace(value, '[''’‘`´][[:alnum:]]+', '', 'g'),
            'ÇĞİIÖŞÜÂÎÛçğıöşüâîû',
            'cgiiosuaiucgiosuaiu'
        ))
    $$
    """,
    # Turkish stop words, no stemmer: words are folded, and the query side stems (see fulltext.py).
    "CREATE TEXT SEARCH DICTIONARY pressdesk_turkish_stop (TEMPLATE = pg_catalog.simple, STOPWORDS = turkish)",
    "CREATE TEXT SEARCH CONFIGURATION pressdesk_turkish (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION pressdesk_turkish ALTER MAPPING REPLACE simple WITH pressdesk_turkish_stop",
    "ALTER TABLE monitoring_item ADD COLUMN search_vector tsvector",
    r"""
    CREATE OR REPLACE FUNCTION monitoring_item_search_vector_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('pressdesk_turkish'::regconfig, pressdesk_search_fold(coalesce(NEW.title, ''))), 'A')
            || setweight(to_tsvector('pressdesk_turkish'::regconfig,
                                     pressdesk_search_fold(left(coalesce(NEW.text, ''), 100000))), 'B');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER monitoring_item_search_vector
    BEFORE INSERT OR UPDATE OF title, text ON monitoring_item
    FOR EACH ROW EXECUTE FUNCTION monitoring_item_search_vector_update()
    """,
    "UPDATE monitoring_item SET title = title",
    "CREATE INDEX monitoring_item_search_gin ON monitoring_item USING gin (search_vector)",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS monitoring_item_search_vector ON monitoring_item",
    "DROP FUNCTION IF EXISTS monitoring_item_search_vector_update()",
    "DROP INDEX IF EXISTS monitoring_item_search_gin",
    "ALTER TABLE monitoring_item DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS pressdesk_search_fold(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS pressdesk_turkish",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS pressdesk_turkish_stop",
]

# The dotless ı is not a diacritic for unicode61: it is replaced by i before indexing
# (the query side folds it the same way); apostrophes stay inside words (Hastanesi'nde).
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE monitoring_item_fts USING fts5(
        title, text, content='', tokenize="unicode61 remove_diacritics 2 tokenchars '''’‘'"
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS monitoring_item_fts_insert AFTER INSERT ON monitoring_item BEGIN
        INSERT INTO monitoring_item_fts(rowid, title, text)
        VALUES (new.id, replace(new.title, 'ı', 'i'), replace(new.text, 'ı', 'i'));
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS monitoring_item_fts_delete AFTER DELETE ON monitoring_item BEGIN
        INSERT INTO monitoring_item_fts(monitoring_item_fts, rowid, title, text)
        VALUES ('delete', old.id, replace(old.title, 'ı', 'i'), replace(old.text, 'ı', 'i'));
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS monitoring_item_fts_update AFTER UPDATE OF title, text ON monitoring_item BEGIN
        INSERT INTO monitoring_item_fts(monitoring_item_fts, rowid, title, text)
        VALUES ('delete', old.id, replace(old.title, 'ı', 'i'), replace(old.text, 'ı', 'i'));
        INSERT INTO monitoring_item_fts(rowid, title, text)
        VALUES (new.id, replace(new.title, 'ı', 'i'), replace(new.text, 'ı', 'i'));
    END
    """,
    """
    INSERT INTO monitoring_item_fts(rowid, title, text)
    SELECT id, replace(title, 'ı', 'i'), replace(text, 'ı', 'i') FROM monitoring_item
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS monitoring_item_fts_insert",
    "DROP TRIGGER IF EXISTS monitoring_item_fts_delete",
    "DROP TRIGGER IF EXISTS monitoring_item_fts_update",
    "DROP TABLE IF EXISTS monitoring_item_fts",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_source_kinds"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
            elidable=False,
        ),
    ]
