"""Bulk inserts for ingest: new items, stories and term matches without ``bulk_create``'s per-value overhead.

PostgreSQL gets the rows through ``COPY``, SQLite through multi-row
``INSERT … RETURNING``; other databases fall back to ``bulk_create``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import models

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item, ItemMatch

ITEM_INSERT_BATCH = 100
_PLAIN_FIELDS = frozenset(
    {
        models.CharField,
        models.TextField,
        models.URLField,
        models.BooleanField,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.ForeignKey,
    }
)
_PLAIN_VALUES = frozenset({str, int, bool})
_MISSING = object()


def insert_rows(model: Any, items: Sequence[Any], *, pg_columns: dict[str, list[Any]] | None = None) -> None:
    """Insert new ``model`` instances and set their ids, as ``bulk_create`` does but without its per-value overhead.

    The same values as ``bulk_create`` (every concrete, non-generated field,
    ``pre_save`` then ``get_db_prep_save``). PostgreSQL: ids taken from the
    table's sequence, rows sent by ``COPY`` (row triggers still fire), with the
    values of the columns in ``pg_columns`` (not model fields) for each item.
    SQLite: multi-row ``INSERT … RETURNING`` (as ``bulk_create`` does there).
    Other databases: ``bulk_create``.
    """
    from django.db import connection

    vendor = connection.vendor
    if vendor != "postgresql":
        pg_columns = None
    if vendor not in ("postgresql", "sqlite") or (len(items) < 20 and pg_columns is None):
        model._default_manager.bulk_create(items, batch_size=500)
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [field for field in meta.concrete_fields if not field.primary_key and not field.generated]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)

    # Text, number, boolean and foreign-key values go to the driver as they are (what
    # get_db_prep_save returns for a str, int or bool); every other field and value takes
    # Django's full preparation.
    # An aware datetime in a DateTimeField without auto_now goes straight to the backend's
    # adapter (what get_db_prep_save ends in for such a value, without its checks per value).
    plain = [type(field) in _PLAIN_FIELDS for field in fields]
    moments = [
        type(field) is models.DateTimeField and not (field.auto_now or field.auto_now_add)  # type: ignore[attr-defined]
        for field in fields
    ]
    attnames = [field.attname for field in fields]
    adapt_datetime = connection.ops.adapt_datetimefield_value

    def values(item: Any) -> list[Any]:
        row = []
        state = item.__dict__
        for field, is_plain, is_moment, attname in zip(fields, plain, moments, attnames, strict=True):
            if is_plain:
                value = state.get(attname, _MISSING)
                if value is None or type(value) in _PLAIN_VALUES:
                    row.append(value)
                    continue
            elif is_moment:
                value = state.get(attname, _MISSING)
                if value is None:
                    row.append(None)
                    continue
                if type(value) is datetime.datetime and value.tzinfo is not None:
                    row.append(adapt_datetime(value))
                    continue
            row.append(field.get_db_prep_save(field.pre_save(item, True), connection))
        return row

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(items)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            extra = pg_columns or {}
            columns = ", ".join(quote(column) for column in [pk.column, *(field.column for field in fields), *extra])
            extra_values = list(zip(*extra.values(), strict=True)) if extra else [()] * len(items)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for item, item_id, more in zip(items, ids, extra_values, strict=True):
                    item.pk = item_id
                    copy.write_row([item_id, *values(item), *more])
        else:
            columns = ", ".join(quote(field.column) for field in fields)
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            for start in range(0, len(items), ITEM_INSERT_BATCH):
                chunk = items[start : start + ITEM_INSERT_BATCH]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))} "  # noqa: S608
                    f"RETURNING {quote(pk.column)}",
                    [value for item in chunk for value in values(item)],
                )
                for item, (item_id,) in zip(chunk, cursor.fetchall(), strict=True):
                    item.pk = item_id
    for item in items:
        item._state.adding = False
        item._state.db = connection.alias


def insert_items(items: list[Item]) -> None:
    """Insert new items; on PostgreSQL with their search vectors (the trigger would compute them in SQL)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        vectors = [fulltext.pg_search_vector(item.title, item.text) for item in items]
        insert_rows(Item, items, pg_columns={fulltext.PG_VECTOR_COLUMN: vectors})
    else:
        insert_rows(Item, items)


MATCH_INSERT_BATCH = 500


def _span_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` for span lists, with the C encoder made once.

    ``JSONEncoder.encode`` builds a new C encoder object on every call (half its time for
    a short list); ingest encodes one span list per stored match, ten or more per item.
    Span lists are made by the matcher (lists of ints and strings, never circular), so the
    circular-reference check is off. Falls back to ``JSONEncoder.encode`` where the C
    accelerator is missing or has another signature.
    """
    plain = json.JSONEncoder(ensure_ascii=False)
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if make is None:
        return plain.encode
    try:
        chunks = make(None, plain.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
        if "".join(chunks([[0, 1, 'ı"\n']], 0)) != plain.encode([[0, 1, 'ı"\n']]):
            return plain.encode
    except TypeError:
        return plain.encode

    def encode(value: Any) -> str:
        return "".join(chunks(value, 0))

    return encode


encode_json = _span_encoder()


def insert_matches(rows: Iterable[tuple[int, int, str, list[list[Any]]]]) -> None:
    """Insert ``ItemMatch`` rows ``(item_id, term_id, field, spans)`` without model instances.

    Ingest stores one row per item, term and field (often ten times as many
    rows as items); ``bulk_create`` spent most of its time building and
    preparing model instances. PostgreSQL gets the rows through ``COPY``,
    other databases through multi-row INSERTs.
    """
    from django.db import connection

    meta = ItemMatch._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields if not field.primary_key)
    table = quote(meta.db_table)
    if columns != ", ".join(quote(name) for name in ("item_id", "term_id", "field", "spans")):
        raise RuntimeError(f"ItemMatch columns changed ({columns}); update insert_matches")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for item_id, term_id, field, spans in rows:
                    copy.write_row((item_id, term_id, field, encode_json(spans)))
            return
        prefix = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names from the model
        batch: list[Any] = []
        for item_id, term_id, field, spans in rows:
            batch.extend((item_id, term_id, field, encode_json(spans)))
            if len(batch) == 4 * MATCH_INSERT_BATCH:
                cursor.execute(prefix + ", ".join(["(%s, %s, %s, %s)"] * MATCH_INSERT_BATCH), batch)
                batch = []
        if batch:
            cursor.execute(prefix + ", ".join(["(%s, %s, %s, %s)"] * (len(batch) // 4)), batch)
