"""The query planner's statistics on SQLite, kept current.

SQLite plans without statistics unless ``ANALYZE`` was run, and it is never run by
itself. Without them the archive's date-ordered search of a common word walked the
wrong index: 224 ms instead of 10 ms on 100,000 items (``benchmarks/bench_web.py``),
and a migration that rebuilds a table (``AddField`` of a NOT NULL column) drops that
table's statistics. So: after every ``migrate`` and once a night (beat), a full
``ANALYZE`` (0.25 s on 100,000 items). Not an approximate one: with ``analysis_limit``
the per-source estimate stopped at the sampled 1,001 rows, the source index looked
selective, and the planner took the same wrong path (80 ms).
PostgreSQL's autovacuum analyses by itself; nothing is done there.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


def refresh_statistics(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Refresh the planner's statistics on SQLite; ``False`` (nothing done) on other databases."""
    connection = connection or connections["default"]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=0")  # every row: exact estimates (see above)
        cursor.execute("ANALYZE")
    return True


def on_post_migrate(sender: Any, using: str = "default", **_kwargs: Any) -> None:
    refresh_statistics(connections[using])
