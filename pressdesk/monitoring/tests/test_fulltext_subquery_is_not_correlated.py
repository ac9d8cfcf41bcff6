"""A search used as a subquery matches the subquery's own rows; relevance ranks a window of the newest matches."""

import pytest

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres  # the SQLite search subquery names no outer table
def test_window_subquery_searches_its_own_rows():
    inner = fulltext.search(Item.objects.all(), "aşı").values("pk")
    sql = str(Item.objects.filter(pk__in=inner).query)
    # The match inside "pk IN (SELECT …)" must use the subquery's alias, else it runs once per outer row.
    assert "U0.search_vector @@" in sql or '"U0"."search_vector" @@' in sql


def test_relevance_window_keeps_the_newest(monkeypatch):
    source = SourceFactory()
    for n in range(5):
        source.items.create(outlet=source.outlet, identity_hash=str(n), title=f"Aşı günü {n}")
    ranked = fulltext.search(Item.objects.all(), "aşı", by_relevance=True, window=3)
    assert ranked.count() == 3
