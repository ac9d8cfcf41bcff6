""" "My work" (İşlerim): everything waiting for me, most urgent first, readable on a phone."""

import pytest
from django.urls import reverse

from pressdesk.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_empty_my_work_says_nothing_is_waiting(province, client, login):
    login(province.staff)
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert "<h1" in page and ">My work</h1>" in page
    assert 'data-testid="empty-state"' in page
    assert "Nothing is waiting for you" in page
    assert 'data-testid="inbox-count"' not in page


def test_items_are_sorted_by_urgency(province, client, login, make_task):
    make_task(title="Tarihsiz", days=None)
    make_task(title="Haftaya acil", days=7, priority=Task.Priority.URGENT)
    make_task(title="Haftaya normal", days=7)
    make_task(title="Gecikmiş", days=-3)
    make_task(title="Bugün", days=0)
    login(province.staff)
    response = client.get(reverse("tasks:inbox"))
    assert [item.title for item in response.context["items"]] == [
        "Gecikmiş",
        "Bugün",
        "Haftaya acil",
        "Haftaya normal",
        "Tarihsiz",
    ]
    page = response.content.decode()
    assert page.index("Gecikmiş") < page.index("Bugün") < page.index("Tarihsiz")


def test_items_show_priority_giver_and_due_date(province, client, login, make_task):
    task = make_task(title="Acil iş", priority=Task.Priority.URGENT, days=2)
    login(province.staff)
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert 'data-testid="priority"' in page and "Urgent" in page
    assert f"Assigned by {province.unit_head}" in page
    assert task.due_date.strftime("%d.%m.%Y") in page


def test_my_work_uses_a_list_not_a_wide_table(province, client, login, make_task):
    make_task(assignee=province.director)
    login(province.director)
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert 'class="list-group"' in page
    assert "<table" not in page


def test_page_is_in_turkish_by_default(province, client, login):
    login(province.staff)
    page = client.get(reverse("tasks:inbox"), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "İşlerim" in page
