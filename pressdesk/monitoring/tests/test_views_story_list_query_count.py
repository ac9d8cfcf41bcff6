"""The stories page costs the same number of queries for 3 stories as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.monitoring.models import ItemMatch, Story, WatchTerm
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _stories(province, count):
    term, _ = WatchTerm.objects.get_or_create(
        name="Şehir Hastanesi", query='"Şehir Hastanesi"', province=province.directorate
    )
    for n in range(count):
        story = Story.objects.create(title=f"Haber {n}", item_count=2)
        for copy in range(2):
            source = SourceFactory(organization=province.directorate)
            item = source.items.create(
                outlet=source.outlet, identity_hash=f"{n}-{copy}", title=f"Kocaeli Şehir Hastanesi'nde {n}", story=story
            )
            ItemMatch.objects.create(item=item, term=term, field="title", spans=[[8, 23, "şehir hastanesi"]])


def _count(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:story_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_query_count_does_not_grow_with_stories(province, login):
    client = login(province.staff)
    _stories(province, 3)
    few, response = _count(client)
    assert "<mark>Şehir Hastanesi</mark>" in response.content.decode()
    _stories(province, 27)
    many, response = _count(client)
    assert len(response.context["stories"]) == 25
    assert many == few
