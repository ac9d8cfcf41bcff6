"""The archive keeps a province's filter boxes and its list of visible sources for a few seconds (issue 21).

Their options (the province's sources, watch terms and institutions) are the same for every
search; only the search words change. A second search reuses them without reading the
options again; another province gets its own boxes, never the first one's sources; a
refused filter value is shown with its error, not from the cache. The sources a search reads
are a kept list of ids too; a new source is in it at once, and each province keeps its own.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.lib import cached_counts
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(monkeypatch):
    cache.clear()
    monkeypatch.setattr(cached_counts, "SHARED_COUNT_SECONDS", 15)
    yield
    cache.clear()


def _search(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:archive"), params)
    assert response.status_code == 200
    return response, [query["sql"] for query in ctx.captured_queries]


def _reads_sources(queries):
    return any('FROM "monitoring_source"' in sql and "monitoring_item" not in sql for sql in queries)


def test_a_second_search_reuses_the_filter_boxes(province, login, kept):
    SourceFactory(organization=province.directorate, name="Kocaeli Gazetesi akışı")
    client = login(province.staff)
    _first, first_queries = _search(client, q="hastane")
    second, second_queries = _search(client, q="aşı")
    assert _reads_sources(first_queries)
    assert not _reads_sources(second_queries)
    assert len(second_queries) < len(first_queries)
    assert "Kocaeli Gazetesi akışı" in second.content.decode()


def test_another_province_never_sees_the_first_ones_boxes(province, login, kept):
    from pressdesk.testing.factories import SecondProvince

    other = SecondProvince(province)
    SourceFactory(organization=province.directorate, name="Kocaeli Gazetesi akışı")
    SourceFactory(organization=other.directorate, name="Denizli Haber akışı")
    _search(login(province.staff), q="hastane")
    response, _ = _search(login(other.staff2), q="hastane")
    page = response.content.decode()
    assert "Denizli Haber akışı" in page
    assert "Kocaeli Gazetesi akışı" not in page


def test_a_refused_filter_value_shows_its_error(province, login, kept):
    client = login(province.staff)
    _search(client, q="hastane")
    response, _ = _search(client, q="hastane", source="999999")
    assert "is-invalid" in response.content.decode()


def test_a_new_sources_items_show_at_once_while_the_source_list_is_kept(province, login, kept):
    client = login(province.staff)
    first = SourceFactory(organization=province.directorate)
    first.items.create(outlet=first.outlet, identity_hash="a", title="Hastane açıldı")
    response, _ = _search(client, q="hastane")
    assert len(response.context["items"]) == 1
    _, kept_queries = _search(client, q="hastane")
    assert not _reads_sources(kept_queries)
    second = SourceFactory(organization=province.directorate)
    second.items.create(outlet=second.outlet, identity_hash="b", title="Hastane genişliyor")
    response, _ = _search(client, q="hastane")
    assert len(response.context["items"]) == 2


def test_the_kept_source_list_is_the_provinces_own(province, login, kept):
    from pressdesk.testing.factories import SecondProvince

    other = SecondProvince(province)
    mine = SourceFactory(organization=province.directorate)
    mine.items.create(outlet=mine.outlet, identity_hash="a", title="Kocaeli hastane")
    theirs = SourceFactory(organization=other.directorate)
    theirs.items.create(outlet=theirs.outlet, identity_hash="b", title="Denizli hastane")
    response, _ = _search(login(province.staff), q="hastane")
    assert [item.title for item in response.context["items"]] == ["Kocaeli hastane"]
    response, _ = _search(login(other.staff2), q="hastane")
    assert [item.title for item in response.context["items"]] == ["Denizli hastane"]
