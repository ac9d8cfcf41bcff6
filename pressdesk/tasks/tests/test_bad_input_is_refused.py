"""Bad input gives a clear error next to the field, keeps what was typed, and saves nothing."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pressdesk.tasks.models import Task, TaskAttachment, TaskComment
from pressdesk.tasks.tests.uploads import pdf, program

pytestmark = pytest.mark.django_db


def _data(province, **overrides):
    data = {
        "title": "Basın toplantısı hazırlığı",
        "description": "Salon ve ses sistemi.",
        "assignee": province.staff.pk,
        "due_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "priority": Task.Priority.NORMAL,
    }
    data.update(overrides)
    return data


def _stored_files():
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post_create(client, province, **overrides):
    response = client.post(reverse("tasks:create"), _data(province, **overrides))
    assert response.status_code == 200
    assert not Task.objects.exists()
    return response


def test_missing_title_is_refused_and_the_rest_is_kept(province, client, login):
    login(province.unit_head)
    response = _post_create(client, province, title="")
    assert "title" in response.context["form"].errors
    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert "Salon ve ses sistemi." in html  # what was typed is still there


def test_due_date_in_the_past_is_refused_on_creation(province, client, login):
    login(province.unit_head)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = _post_create(client, province, due_date=yesterday.isoformat())
    assert response.context["form"].errors["due_date"] == ["The due date cannot be in the past."]
    assert "The due date cannot be in the past." in response.content.decode()


def test_due_date_today_is_accepted(province, client, login):
    login(province.unit_head)
    response = client.post(reverse("tasks:create"), _data(province, due_date=timezone.localdate().isoformat()))
    assert response.status_code == 302
    assert Task.objects.get().due_date == timezone.localdate()


def test_nonsense_date_is_refused(province, client, login):
    login(province.unit_head)
    response = _post_create(client, province, due_date="31.02.2030")
    assert "due_date" in response.context["form"].errors


@pytest.mark.parametrize("name", ["x.exe", "x.pdf"])
def test_executable_attachment_is_refused_on_creation(province, client, login, name):
    login(province.unit_head)
    response = _post_create(client, province, attachments=[pdf("ok.pdf"), program(name)])
    errors = response.context["form"].errors["attachments"]
    assert any(name in error for error in errors)
    assert not TaskAttachment.objects.exists()
    assert _stored_files() == []


@pytest.mark.parametrize("name", ["x.exe", "x.pdf"])
def test_executable_attachment_is_refused_on_an_existing_task(province, client, login, make_task, name):
    task = make_task()
    login(province.staff)
    response = client.post(reverse("tasks:attach", args=[task.pk]), {"attachments": [pdf("ok.pdf"), program(name)]})
    assert response.status_code == 200
    assert response.context["attachment_form"].errors["attachments"]
    assert not TaskAttachment.objects.exists()
    assert _stored_files() == []


def test_progress_above_100_is_refused(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    response = client.post(reverse("tasks:comment", args=[task.pk]), {"body": "Fazlasıyla bitti", "progress": 150})
    assert response.status_code == 200
    assert "progress" in response.context["comment_form"].errors
    assert "Fazlasıyla bitti" in response.content.decode()
    task.refresh_from_db()
    assert task.progress == 0
    assert not TaskComment.objects.exists()


def test_progress_above_100_with_htmx_returns_the_form_with_the_error(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    response = client.post(
        reverse("tasks:comment", args=[task.pk]), {"body": "x", "progress": 150}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#comment-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert 'id="id_progress_error"' in response.content.decode()
    assert not TaskComment.objects.exists()


def test_empty_comment_is_refused(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    response = client.post(reverse("tasks:comment", args=[task.pk]), {"body": "  ", "progress": ""})
    assert response.context["comment_form"].non_field_errors() == ["Write a comment or change the progress."]
    assert not TaskComment.objects.exists()


def test_upload_without_a_file_is_refused(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    response = client.post(reverse("tasks:attach", args=[task.pk]), {})
    assert "attachments" in response.context["attachment_form"].errors
    assert not TaskAttachment.objects.exists()
