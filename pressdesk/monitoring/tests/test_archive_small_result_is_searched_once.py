"""A search whose matches all fit under the cap runs the full-text match once: the page is read by id, in order."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _matching(sql: str) -> bool:
    return "search_vector @@" in sql or "monitoring_item_fts MATCH" in sql


def test_small_result_pages_in_date_order_with_one_search(province, login):
    source = SourceFactory(organization=province.directorate)
    now = timezone.now()
    Item.objects.bulk_create(
        Item(
            source=source,
            outlet=source.outlet,
            identity_hash=str(n),
            title=f"Ambulans haberi {n}",
            published_at=now - datetime.timedelta(hours=(n * 7) % 40),  # not in insertion order
        )
        for n in range(40)
    )
    Item.objects.create(source=source, outlet=source.outlet, identity_hash="x", title="Yol çalışması")
    expected = list(Item.objects.filter(title__startswith="Ambulans").order_by("-published_at", "-pk"))
    client = login(province.staff)
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(reverse("monitoring:archive"), {"q": "ambulans"})
    searches = sum(_matching(query["sql"]) for query in ctx.captured_queries)  # before the next request resets the log
    second = client.get(reverse("monitoring:archive"), {"q": "ambulans", "page": 2})
    assert first.context["page_obj"].paginator.count == 40
    assert [item.pk for item in first.context["items"]] == [item.pk for item in expected[:25]]
    assert [item.pk for item in second.context["items"]] == [item.pk for item in expected[25:]]
    assert searches == 1
