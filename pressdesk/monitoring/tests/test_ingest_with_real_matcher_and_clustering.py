"""Ingest with the real Boolean matcher and MinHash story index (matching.py, clustering.py)."""

import datetime

import pytest

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import Item, Source, WatchTerm
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer
from pressdesk.monitoring.tests.test_poll_source_end_to_end import rss

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def source(server: FakeServer) -> Source:
    return SourceFactory(url=server.url("/feed"), allowed_private=True)


def test_real_matcher_and_clustering_work_with_ingest(server: FakeServer, source: Source) -> None:
    WatchTerm.objects.create(name="Şehir Hastanesi", query='"Kocaeli Şehir Hastanesi"')
    text = "Kocaeli Şehir Hastanesi'nde bugün yeni bir yoğun bakım ünitesi hizmete açıldı. " * 3
    server.serve("/feed", rss(("r1", "Yeni ünite", text), ("r2", "Yoğun bakım ünitesi açıldı", text + " Ek.")))
    result = polling.poll_source(source_id=source.pk, now=NOW)
    assert result is not None and result.new_items == 2, result
    one, two = Item.objects.order_by("guid")
    assert one.matched and two.matched
    assert one.story_id == two.story_id
