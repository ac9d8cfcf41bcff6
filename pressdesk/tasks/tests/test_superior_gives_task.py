"""A superior gives a task; the assignee finds it in "My work" and gets an e-mail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.tasks.models import Task
from pressdesk.tasks.tests.uploads import pdf

pytestmark = pytest.mark.django_db


def _form_data(province, **overrides):
    data = {
        "title": "Dünya Diyabet Günü görsellerini hazırlayınız",
        "description": "Afiş ve sosyal medya görselleri.",
        "assignee": province.staff.pk,
        "due_date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
        "priority": Task.Priority.HIGH,
        "process": "",
    }
    data.update(overrides)
    return data


def test_superior_gives_task_and_assignee_sees_it_in_my_work_with_navbar_count(province, client, login):
    login(province.unit_head)
    response = client.post(reverse("tasks:create"), _form_data(province))
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:detail", args=[task.pk])
    assert task.created_by == province.unit_head
    assert task.assignee == province.staff
    assert task.organization == province.unit
    assert task.priority == Task.Priority.HIGH

    login(province.staff)
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert "Dünya Diyabet Günü görsellerini hazırlayınız" in page
    assert 'data-testid="inbox-count">1<' in page
    assert reverse("tasks:detail", args=[task.pk]) in page


def test_assignee_gets_an_email_when_the_task_is_given(
    province, client, login, mailoutbox, django_capture_on_commit_callbacks
):
    login(province.unit_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tasks:create"), _form_data(province))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [province.staff.email]
    assert "Dünya Diyabet Günü" in mailoutbox[0].subject
    assert reverse("tasks:detail", args=[Task.objects.get().pk]) in mailoutbox[0].body


def test_files_chosen_on_the_form_become_attachments(province, client, login):
    login(province.unit_head)
    data = _form_data(province, attachments=[pdf("one.pdf"), pdf("two.pdf")])
    client.post(reverse("tasks:create"), data)
    task = Task.objects.get()
    assert sorted(task.attachments.values_list("original_name", flat=True)) == ["one.pdf", "two.pdf"]


def test_assignee_choices_are_limited_to_people_the_superior_may_give_work_to(province, client, login):
    login(province.unit_head)
    form = client.get(reverse("tasks:create")).context["form"]
    choices = set(form.fields["assignee"].queryset)
    assert province.staff in choices
    assert province.outsider not in choices

    response = client.post(reverse("tasks:create"), _form_data(province, assignee=province.outsider.pk))
    assert response.status_code == 200
    assert "assignee" in response.context["form"].errors
    assert not Task.objects.exists()


def test_superior_sees_the_new_task_button(province, client, login):
    login(province.chief)
    assert reverse("tasks:create") in client.get(reverse("tasks:inbox")).content.decode()
    assert reverse("tasks:create") in client.get(reverse("tasks:list")).content.decode()
