"""The task list runs the same number of queries for 3 tasks as for 30 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.organizations.models import Process
from pressdesk.tasks import actions
from pressdesk.tasks.tests.uploads import pdf

pytestmark = pytest.mark.django_db


def _give(province, make_task, count, start=0):
    assignees = [province.staff, province.unit_head, province.chief]
    processes = list(Process.objects.all()[:3])
    for n in range(start, start + count):
        task = make_task(
            title=f"İş {n}",
            days=n % 7 - 3,
            actor=province.chief,
            assignee=assignees[n % 3],
            process=processes[n % len(processes)] if processes else None,
        )
        actions.comment_on_task(actor=task.assignee, task=task, body="Başladım", progress=10)
        actions.add_attachment(actor=province.chief, task=task, upload=pdf(f"ek{n}.pdf"))


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("tasks:list"), params)
    assert response.status_code == 200
    return len(ctx), len(response.context["tasks"])


@pytest.mark.parametrize("tab", ["mine", "given", "all"])
def test_task_list_query_count_does_not_grow_with_tasks(province, client, login, make_task, tab):
    login(province.chief)
    params = {"tab": tab, "status": "any"}
    _give(province, make_task, 3)
    few, shown_few = _queries(client, params)
    _give(province, make_task, 27, start=3)
    many, shown_many = _queries(client, params)
    assert shown_many > shown_few
    assert many == few


def test_my_work_query_count_does_not_grow_with_tasks(province, client, login, make_task):
    login(province.staff)
    make_task(title="Bir")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tasks:inbox"))
    for n in range(20):
        make_task(title=f"İş {n}", actor=[province.unit_head, province.chief, province.director][n % 3])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("tasks:inbox"))
    assert len(many) == len(few)
