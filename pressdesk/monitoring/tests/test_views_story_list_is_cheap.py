"""The stories page reads its rows as plain values and reuses the story count for a few seconds.

A page of 25 stories holds hundreds of items; building a model instance and a prefetch
manager for each was most of the page's time, and counting the stories a user may see
checks every story's items. The page is the same with the shortcuts off (the baseline of
``benchmarks/bench_web.py``).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.lib import cached_counts
from pressdesk.monitoring.models import ItemMatch, Story, WatchTerm
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _counts_cached_as_in_production(monkeypatch):
    monkeypatch.setattr(cached_counts, "NAV_COUNT_SECONDS", 5)
    monkeypatch.setattr(cached_counts, "SHARED_COUNT_SECONDS", 15)


def _stories(province, count):
    here = {"province": province.directorate}
    term, _ = WatchTerm.objects.get_or_create(name="Şehir Hastanesi", query='"Şehir Hastanesi"', defaults=here)
    other, _ = WatchTerm.objects.get_or_create(name="Acil", query="acil", defaults=here)
    for n in range(count):
        story = Story.objects.create(title=f"Haber {n}", item_count=3)
        for copy in range(3):
            source = SourceFactory(organization=province.directorate)
            item = source.items.create(
                outlet=source.outlet,
                identity_hash=f"{n}-{copy}",
                title=f"Kocaeli Şehir Hastanesi'nde acil {n}",
                story=story,
            )
            ItemMatch.objects.create(item=item, term=term, field="title", spans=[[8, 23, "şehir hastanesi"]])
            if copy:
                ItemMatch.objects.create(item=item, term=other, field="title", spans=[[26, 30, "acil"]])


def _get(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:story_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _results(page):
    start = page.index('<div class="list-group mb-3">')
    return re.sub(r"\s+", " ", page[start : page.index("</main>", start)] if "</main>" in page else page[start:])


def test_second_visit_needs_at_most_nine_queries(province, login):
    _stories(province, 30)
    client = login(province.staff)
    _get(client)
    # session, user, organizations (2), page of stories, items, matches, terms, outlets
    queries, page = _get(client)
    assert queries <= 9
    assert page.count('data-testid="story"') == 25


def test_shortcuts_render_the_same_stories(province, login, settings):
    _stories(province, 4)
    client = login(province.staff)
    settings.WEB_FAST_PATHS = False
    _, slow = _get(client)
    settings.WEB_FAST_PATHS = True
    _, fast = _get(client)
    assert "<mark>Şehir Hastanesi</mark>" in fast
    assert fast.count('data-testid="outlet-count"') == 4
    assert _results(fast) == _results(slow)


def test_story_count_is_reused_for_a_few_seconds(province, login):
    _stories(province, 26)
    client = login(province.staff)
    _get(client)
    Story.objects.filter(title="Haber 0").delete()  # gone from the page, but the total is the cached one
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:story_list"))
    assert not [
        q for q in ctx.captured_queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "monitoring_story"')
    ]
    assert response.context["page_obj"].paginator.count == 26


def test_new_stories_show_while_the_count_is_reused(province, login):
    _stories(province, 3)
    client = login(province.staff)
    _get(client)
    story = Story.objects.create(title="Yeni haber", item_count=1)
    source = SourceFactory(organization=province.directorate)
    source.items.create(outlet=source.outlet, identity_hash="new", title="Yeni haber", story=story)
    _, page = _get(client)
    assert page.count('data-testid="story"') == 4
    assert "Yeni haber" in page
