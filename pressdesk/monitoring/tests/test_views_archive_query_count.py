"""The archive page costs the same number of queries for 3 results as for 30, and filters by institution."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.monitoring.models import ItemMatch, WatchTerm
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _items(province, count, start=0):
    term, _ = WatchTerm.objects.get_or_create(
        name="Şehir Hastanesi", query='"Şehir Hastanesi"', organization=province.hospital
    )
    for n in range(start, start + count):
        source = SourceFactory(organization=province.directorate)
        item = source.items.create(
            outlet=source.outlet, identity_hash=str(n), title=f"Şehir Hastanesi {n}", text="Kocaeli Şehir Hastanesi"
        )
        ItemMatch.objects.create(item=item, term=term, field="title", spans=[[0, 15, "şehir hastanesi"]])


def _count(client, **params):
    # Each count starts with the same cache: the province's filter boxes are cached a few
    # seconds (test_archive_reuses_a_provinces_filters_and_sources_a_few_seconds), and whether
    # the second request found them depended on how long the 27 items took to create.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:archive"), {"q": "şehir", "sort": "relevance", **params})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_query_count_does_not_grow_with_results(province, login):
    client = login(province.staff)
    _items(province, 3)
    _count(client)  # warm-up: the content types are read once per process (alone, this test saw 18 then 17)
    few, _ = _count(client)
    _items(province, 27, start=3)
    many, response = _count(client)
    assert len(response.context["items"]) == 25
    assert many == few


def test_filter_by_matched_institution(province, login):
    client = login(province.staff)
    _items(province, 2)
    source = SourceFactory(organization=province.directorate)
    source.items.create(outlet=source.outlet, identity_hash="z", title="Şehir parkı")
    _, response = _count(client, institution=province.hospital.pk)
    assert len(response.context["items"]) == 2
    _, response = _count(client, institution=province.emergency.pk)
    assert response.context["items"] == []
