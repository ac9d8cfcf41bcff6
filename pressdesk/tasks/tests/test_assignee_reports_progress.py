"""The assignee comments and reports progress, with htmx or with a plain form."""

import pytest
from django.urls import reverse

from pressdesk.tasks.models import Task, TaskComment

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_comment_with_progress_moves_the_task_to_in_progress(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    response = client.post(reverse("tasks:comment", args=[task.pk]), {"body": "Taslak hazır.", "progress": 40})
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:detail", args=[task.pk]) + "#timeline"
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS
    assert task.progress == 40
    comment = TaskComment.objects.get(task=task)
    assert (comment.author, comment.body, comment.progress) == (province.staff, "Taslak hazır.", 40)

    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Taslak hazır." in page
    assert 'aria-valuenow="40"' in page


def test_htmx_comment_returns_the_new_comment_and_the_updated_progress(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    response = client.post(reverse("tasks:comment", args=[task.pk]), {"body": "Yarıda.", "progress": 50}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="comment"' in html
    assert "Yarıda." in html
    assert 'id="task-progress"' in html and 'hx-swap-oob="true"' in html
    assert 'aria-valuenow="50"' in html
    assert "<html" not in html  # a fragment, not a page


def test_comment_without_progress_change_keeps_progress(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    client.post(reverse("tasks:comment", args=[task.pk]), {"body": "Soru: renkler?", "progress": 0})
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN
    assert TaskComment.objects.get(task=task).progress is None


def test_the_giver_can_comment_too(province, client, login, make_task):
    task = make_task()
    login(province.unit_head)
    response = client.post(reverse("tasks:comment", args=[task.pk]), {"body": "Acele lütfen."})
    assert response.status_code == 302
    assert TaskComment.objects.filter(task=task, author=province.unit_head).exists()


def test_an_overseer_who_only_reads_cannot_comment(province, client, login, make_task):
    task = make_task()
    login(province.chief)  # sees the unit's tasks, but is neither giver nor assignee
    assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 200
    assert client.post(reverse("tasks:comment", args=[task.pk]), {"body": "Merhaba"}).status_code == 403
    assert not TaskComment.objects.exists()
