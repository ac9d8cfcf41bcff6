"""Sorted by relevance, a title match comes before a mention in the text; sorted by date, the newest first."""

import datetime

import pytest
from django.utils import timezone

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    source = SourceFactory()
    now = timezone.now()
    source.items.create(
        outlet=source.outlet,
        identity_hash="text",
        title="Belediye meclisi toplandı",
        text="Gündemde yollar, parklar ve aşı kampanyası vardı. " * 3,
        published_at=now,
    )
    source.items.create(
        outlet=source.outlet,
        identity_hash="title",
        title="Aşı kampanyası başladı",
        text="İl Sağlık Müdürlüğü aşı kampanyasını duyurdu.",
        published_at=now - datetime.timedelta(days=3),
    )
    source.items.create(
        outlet=source.outlet, identity_hash="other", title="Spor", text="Maç", published_at=now - datetime.timedelta(1)
    )


def test_relevance_puts_title_matches_first(items):
    ranked = fulltext.search(Item.objects.all(), "kampanya", by_relevance=True)
    assert list(ranked.values_list("identity_hash", flat=True)) == ["title", "text"]
    ranks = [item.search_rank for item in ranked]
    assert ranks[0] > ranks[1] > 0


def test_date_order_is_newest_first(items, province):
    from pressdesk.monitoring import queries

    rows = queries.archive_items(province.admin, {"q": "kampanya", "sort": "date"})
    assert [item.identity_hash for item in rows] == ["text", "title"]
    rows = queries.archive_items(province.admin, {"q": "kampanya", "sort": "relevance"})
    assert [item.identity_hash for item in rows] == ["title", "text"]
