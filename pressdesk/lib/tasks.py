"""Project-wide maintenance tasks."""

from __future__ import annotations

from celery import shared_task

from pressdesk.lib import dbstats


@shared_task(soft_time_limit=300, time_limit=360)
def refresh_database_statistics() -> bool:
    """Nightly: the SQLite query planner's statistics (``lib.dbstats``); idempotent, nothing on PostgreSQL."""
    return dbstats.refresh_statistics()
