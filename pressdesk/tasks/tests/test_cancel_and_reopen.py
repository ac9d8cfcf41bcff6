"""The giver cancels a task; a closed task can be reopened."""

import pytest
from django.urls import reverse

from pressdesk.tasks.models import Task, TaskComment

pytestmark = pytest.mark.django_db


def test_giver_cancels_the_task_with_a_confirmation_button(province, client, login, make_task):
    task = make_task(title="Vazgeçilen iş")
    login(province.unit_head)
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    cancel_form = page[page.index(reverse("tasks:cancel", args=[task.pk])) :]
    assert "data-confirm=" in cancel_form[: cancel_form.index("</form>")]
    response = client.post(reverse("tasks:cancel", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED
    login(province.staff)
    assert "Vazgeçilen iş" not in client.get(reverse("tasks:inbox")).content.decode()


def test_cancelled_task_cannot_be_completed(province, client, login, make_task):
    task = make_task()
    login(province.unit_head)
    client.post(reverse("tasks:cancel", args=[task.pk]))
    login(province.staff)
    response = client.post(reverse("tasks:complete", args=[task.pk]), follow=True)
    assert "A cancelled task cannot be completed." in response.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED


def test_assignee_reopens_a_completed_task(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    client.post(reverse("tasks:complete", args=[task.pk]))
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert reverse("tasks:reopen", args=[task.pk]) in page
    assert reverse("tasks:complete", args=[task.pk]) not in page
    client.post(reverse("tasks:reopen", args=[task.pk]))
    task.refresh_from_db()
    assert task.is_open
    assert task.completed_at is None
    assert TaskComment.objects.filter(task=task).count() == 2  # "Completed." and "Reopened."


def test_buttons_follow_who_may_do_what(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert reverse("tasks:complete", args=[task.pk]) in page
    assert reverse("tasks:cancel", args=[task.pk]) not in page
    assert reverse("tasks:edit", args=[task.pk]) not in page
    login(province.chief)  # oversees, but neither gave nor received it
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    for name in ("complete", "cancel", "edit", "comment", "attach"):
        assert reverse(f"tasks:{name}", args=[task.pk]) not in page
