"""The giver changes a task through the same form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.tasks.models import Task

pytestmark = pytest.mark.django_db


def _data(task, **overrides):
    data = {
        "title": task.title,
        "description": task.description,
        "assignee": task.assignee_id,
        "due_date": task.due_date.isoformat() if task.due_date else "",
        "priority": task.priority,
        "process": task.process_id or "",
    }
    data.update(overrides)
    return data


def test_giver_changes_title_priority_and_assignee(province, client, login, make_task, mailoutbox):
    task = make_task()
    login(province.unit_head)
    assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 200
    response = client.post(
        reverse("tasks:edit", args=[task.pk]),
        _data(task, title="Yeni başlık", priority=Task.Priority.URGENT, assignee=province.staff2.pk),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.priority, task.assignee) == ("Yeni başlık", Task.Priority.URGENT, province.staff2)


def test_an_overdue_due_date_may_stay_but_not_be_moved_into_the_past(province, client, login, make_task):
    task = make_task(days=-2)
    login(province.unit_head)
    response = client.post(reverse("tasks:edit", args=[task.pk]), _data(task, title="Aynı tarih"))
    assert response.status_code == 302
    earlier = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    response = client.post(reverse("tasks:edit", args=[task.pk]), _data(task, due_date=earlier))
    assert response.status_code == 200
    assert "due_date" in response.context["form"].errors


def test_edit_form_has_no_file_field(province, client, login, make_task):
    task = make_task()
    login(province.unit_head)
    assert "attachments" not in client.get(reverse("tasks:edit", args=[task.pk])).context["form"].fields
