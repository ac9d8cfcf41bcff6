"""SQLite plans the archive's search well only with statistics: they are made after every migrate and nightly.

Without them the date-ordered search of a common word walked the wrong index (224 ms
instead of 10 ms on 100,000 items, ``benchmarks/bench_web.py``); a migration that
rebuilds a table drops that table's statistics.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models.signals import post_migrate

from pressdesk.lib import dbstats, tasks
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _item_statistics() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return []
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'monitoring_item'")
        return list(cursor.fetchall())


@pytest.mark.sqlite
def test_the_nightly_task_and_every_migrate_refresh_the_statistics(province):
    source = SourceFactory(organization=province.directorate)
    for n in range(30):
        source.items.create(outlet=source.outlet, identity_hash=f"h{n}", title=f"Haber {n}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is not None:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'monitoring_item'")  # as a table rebuild leaves it
    assert _item_statistics() == []

    assert tasks.refresh_database_statistics.apply().get() is True
    found = _item_statistics()
    assert found and all(stat.split()[0] == "30" for _index, stat in found)  # each index knows the table's rows

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'monitoring_item'")
    post_migrate.send(sender=apps.get_app_config("pressdesk_lib"), app_config=apps.get_app_config("pressdesk_lib"))
    assert _item_statistics()


def test_the_refresh_is_scheduled_nightly_and_does_nothing_on_postgresql():
    assert dbstats.refresh_statistics() is (connection.vendor == "sqlite")
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pressdesk.lib.tasks.refresh_database_statistics" in schedule
