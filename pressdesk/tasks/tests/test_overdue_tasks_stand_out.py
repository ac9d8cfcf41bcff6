"""Overdue work is marked in red with a text badge on "My work" and in the task list."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _item_html(page, title):
    start = page.index(title)
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def _row_html(page, title):
    start = page.index(title)
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def test_overdue_task_is_marked_on_my_work(province, client, login, make_task):
    make_task(title="Gecikmiş iş", days=-2)
    make_task(title="Zamanı olan iş", days=5)
    login(province.staff)
    page = client.get(reverse("tasks:inbox")).content.decode()
    late = _item_html(page, "Gecikmiş iş")
    assert "data-overdue" in late
    assert "text-overdue" in late
    assert 'data-testid="overdue-badge">Overdue<' in late
    on_time = _item_html(page, "Zamanı olan iş")
    assert "data-overdue" not in on_time
    assert "overdue-badge" not in on_time


def test_overdue_task_is_marked_in_the_list(province, client, login, make_task):
    make_task(title="Gecikmiş iş", days=-2)
    make_task(title="Zamanı olan iş", days=5)
    login(province.staff)
    page = client.get(reverse("tasks:list")).content.decode()
    assert "table-overdue" in _row_html(page, "Gecikmiş iş")
    assert "Overdue" in _row_html(page, "Gecikmiş iş")
    assert "table-overdue" not in _row_html(page, "Zamanı olan iş")


def test_overdue_task_is_marked_on_its_page(province, client, login, make_task):
    task = make_task(title="Gecikmiş iş", days=-1)
    login(province.staff)
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert 'data-testid="overdue-badge"' in page


def test_completed_task_past_its_due_date_is_not_overdue(province, client, login, make_task):
    task = make_task(title="Geç de olsa bitti", days=-3)
    login(province.staff)
    client.post(reverse("tasks:complete", args=[task.pk]))
    page = client.get(reverse("tasks:list"), {"status": "any"}).content.decode()
    assert "table-overdue" not in _row_html(page, "Geç de olsa bitti")


def test_task_due_today_is_highlighted(province, client, login, make_task):
    make_task(title="Bugünkü iş", days=0)
    login(province.staff)
    page = client.get(reverse("tasks:inbox")).content.decode()
    item = _item_html(page, "Bugünkü iş")
    assert "list-group-item-warning" in item
    assert 'data-testid="due-today-badge">Due today<' in item
    assert 'data-testid="due-today-badge"' in _row_html(
        client.get(reverse("tasks:list")).content.decode(), "Bugünkü iş"
    )
