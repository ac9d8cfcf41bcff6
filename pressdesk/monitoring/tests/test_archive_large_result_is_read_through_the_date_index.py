"""A search past the count's cap is paged through the published_at index: the same items, in the same order.

SQLite looked up every match of a common word by its id and sorted them all to show 25
(``hastane*`` in half of a 100,000-item archive: 130 ms); past the cap the page's ids now
come from a scan of the date index that keeps the full-text matches (about 10 ms).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring import queries
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _items(province):
    source = SourceFactory(organization=province.directorate)
    now = timezone.now()
    for n in range(14):
        title = f"Ambulans haberi {n}" if n % 7 else f"Park haberi {n}"
        # Dates out of the id order, two of them equal (the id breaks the tie).
        published = now - datetime.timedelta(hours=(n * 5) % 14 if n != 3 else 5)
        Item.objects.create(
            source=source, outlet=source.outlet, identity_hash=str(n), title=title, published_at=published
        )
    return list(
        Item.objects.filter(title__startswith="Ambulans")
        .order_by("-published_at", "-pk")
        .values_list("title", flat=True)
    )


def _page(client, page):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:archive"), {"q": "ambulans", "page": page})
    assert response.status_code == 200
    return [item.title for item in response.context["items"]], [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(queries.CappedPaginator, "cap", 8)  # 12 matches: past the cap, two full pages
    monkeypatch.setattr("pressdesk.monitoring.views.PER_PAGE", 4)


def test_pages_past_the_cap_hold_the_newest_matches_in_order(province, login, small_cap):
    expected = _items(province)
    assert len(expected) == 12
    client = login(province.staff)
    first, _ = _page(client, 1)
    second, _ = _page(client, 2)
    assert first + second == expected[:8]


def test_baseline_setting_gives_the_same_pages(province, login, small_cap, settings):
    _items(province)
    client = login(province.staff)
    fast = [_page(client, n)[0] for n in (1, 2)]
    settings.WEB_FAST_PATHS = False
    assert [_page(client, n)[0] for n in (1, 2)] == fast


@pytest.mark.sqlite
def test_sqlite_reads_the_page_ids_with_the_id_kept_off_the_lookup(province, login, small_cap):
    """``+id IN (…)``: SQLite may not look rows up by the matched ids, so over a large archive the
    date index drives the scan (which plan wins on a tiny table depends on its statistics)."""
    _items(province)
    client = login(province.staff)
    _, sql = _page(client, 1)
    [scan] = [statement for statement in sql if '+"monitoring_item"."id" IN' in statement]
    assert scan.startswith('SELECT "monitoring_item"."id"')
    assert "ORDER BY" in scan and "LIMIT 4" in scan
