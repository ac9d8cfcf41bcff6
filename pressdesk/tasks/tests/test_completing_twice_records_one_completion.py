"""A double click on "Complete" completes once."""

import pytest
from django.urls import reverse

from pressdesk.tasks.models import Task, TaskComment

pytestmark = pytest.mark.django_db


def test_completing_twice_records_one_completion(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    url = reverse("tasks:complete", args=[task.pk])
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert task.progress == 100
    assert task.completed_at is not None
    assert TaskComment.objects.filter(task=task, progress=100).count() == 1


def test_completed_task_leaves_my_work(province, client, login, make_task):
    task = make_task(title="Bitecek iş")
    login(province.staff)
    client.post(reverse("tasks:complete", args=[task.pk]))
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert "Bitecek iş" not in page
    assert "Nothing is waiting for you" in page


def test_complete_needs_post(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    assert client.get(reverse("tasks:complete", args=[task.pk])).status_code == 405
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_closed_task_has_no_comment_form_and_refuses_comments(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    client.post(reverse("tasks:complete", args=[task.pk]))
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert 'id="comment-form"' not in page
    response = client.post(reverse("tasks:comment", args=[task.pk]), {"body": "Geç kalan not"})
    assert response.status_code == 200
    assert response.context["comment_form"].non_field_errors()
    assert not TaskComment.objects.filter(body="Geç kalan not").exists()
