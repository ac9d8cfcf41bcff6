"""The navigation badges (İşlerim, unread notifications) are counted once per few seconds, not on every page.

Every page shows them; counting them took six queries per page. They are reused from the
cache for ``NAV_COUNT_SECONDS``; the user's own changes show at once, and a cache that
fails is not an error (the counts come from the database).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.lib import cached_counts
from pressdesk.notifications import actions as notification_actions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _counts_cached_as_in_production(monkeypatch):
    monkeypatch.setattr(cached_counts, "NAV_COUNT_SECONDS", 5)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_second_page_does_not_count_the_badges_again(province, login, make_task):
    make_task(title="Bülteni hazırlayınız")
    client = login(province.staff)
    first, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="inbox-count">1<' in page
    second, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="inbox-count">1<' in page
    # İşlerim: one statement for every module's querysets, plus the modules that still count themselves
    # and the lookups of the user's scope; the bell: 1.
    assert second <= first - 4


def test_baseline_setting_counts_on_every_page(province, login, make_task, settings):
    settings.WEB_FAST_PATHS = False
    make_task()
    client = login(province.staff)
    first, _ = _queries(client, reverse("tasks:list"))
    second, _ = _queries(client, reverse("tasks:list"))
    assert second == first


def test_new_notification_shows_at_once(province, login):
    client = login(province.staff)
    _, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="notification-count"' not in page
    notification_actions.notify(recipients=[province.staff], kind="task_assigned", title="Yeni görev")
    _, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="notification-count">1' in page


def test_marking_read_clears_the_badge_at_once(province, login):
    notification_actions.notify(recipients=[province.staff], kind="task_assigned", title="Yeni görev")
    client = login(province.staff)
    _, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="notification-count">1' in page
    client.post(reverse("notifications:mark_all_read"))
    _, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="notification-count"' not in page


def test_my_work_page_refreshes_the_badge(province, login, make_task):
    client = login(province.staff)
    _, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="inbox-count"' not in page
    make_task(title="Yeni görev")  # given by someone else: the badge may lag a few seconds…
    _, page = _queries(client, reverse("tasks:inbox"))  # …but İşlerim itself counts afresh
    assert 'data-testid="inbox-count">1<' in page
    _, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="inbox-count">1<' in page


class _BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = delete_many = get


def test_pages_render_when_the_cache_is_down(province, login, make_task, monkeypatch):
    make_task()
    monkeypatch.setattr(cached_counts, "cache", _BrokenCache())
    client = login(province.staff)
    _, page = _queries(client, reverse("tasks:list"))
    assert 'data-testid="inbox-count">1<' in page
