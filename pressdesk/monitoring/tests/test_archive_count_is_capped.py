"""A search with very many results counts only up to a cap and says so, with the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.monitoring import queries
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_cap(province, login, monkeypatch):
    monkeypatch.setattr(queries.CappedPaginator, "cap", 30)
    source = SourceFactory(organization=province.directorate)
    Item.objects.bulk_create(
        Item(source=source, outlet=source.outlet, identity_hash=str(n), title=f"Ambulans haberi {n}") for n in range(40)
    )
    client = login(province.staff)
    client.get(reverse("monitoring:archive"))  # per-process caches (content types, the session) warmed up first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:archive"), {"q": "ambulans", "sort": "relevance"})
    assert response.context["capped"] is True
    assert response.context["page_obj"].paginator.num_pages == 2
    assert len(response.context["items"]) == 25
    assert "30" in response.content.decode()
    monkeypatch.setattr(queries.CappedPaginator, "cap", 1000)
    with CaptureQueriesContext(connection) as ctx2:
        response = client.get(reverse("monitoring:archive"), {"q": "ambulans", "sort": "relevance"})
    assert response.context["capped"] is False
    assert response.context["page_obj"].paginator.count == 40
    assert len(ctx2.captured_queries) == len(ctx.captured_queries)
