"""A requester asks the press unit for a story, a statement or an interview (issue 23, point 17).

The request lands in the unit head's İşlerim, and the requester follows it as the task's author.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pressdesk.tasks.models import Task
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


def _turkish(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "tr"  # this folder's conftest asks for English
    return client


def _post(client, **overrides):
    data = {
        "kind": "news",
        "title": "Yeni MR cihazı hizmete girdi",
        "description": "Hastanemizde yeni MR cihazı bugün hizmete girdi; başhekim açıklama yapabilir.",
        "wanted_by": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
    }
    data.update(overrides)
    return client.post(reverse("tasks:request"), data)


def test_a_request_lands_in_the_unit_heads_work_and_the_requester_follows_it(
    province, login, django_capture_on_commit_callbacks
):
    client = _turkish(login(province.requester))
    assert "Basın birimine talep" in client.get(reverse("tasks:list")).content.decode()
    photo = SimpleUploadedFile(
        "mr.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, attachments=photo)
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tasks:detail", args=[task.pk])
    assert task.assignee == province.unit_head and task.created_by == province.requester
    assert task.title == "Haber: Yeni MR cihazı hizmete girdi"
    assert task.process.code == "3.6" and task.attachments.count() == 1
    assert client.get(response["Location"]).status_code == 200  # the requester follows it
    inbox = _turkish(login(province.unit_head)).get(reverse("tasks:inbox")).content.decode()
    assert "Yeni MR cihazı hizmete girdi" in inbox


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": ""}, "Bu alan zorunludur"),
        ({"title": ""}, "Bu alan zorunludur"),
        ({"wanted_by": "2020-01-01"}, "geçmiş"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(province, login, overrides, message):
    response = _post(_turkish(login(province.requester)), **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Task.objects.exists()


def test_the_request_goes_to_the_requesters_own_province(province, login):
    second = SecondProvince(province)
    _post(_turkish(login(second.requester)))
    task = Task.objects.get()
    assert task.assignee == second.unit_head
    # The first province's unit does not see it.
    assert "Yeni MR cihazı" not in _turkish(login(province.unit_head)).get(reverse("tasks:inbox")).content.decode()
    assert _turkish(login(province.unit_head)).get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    assert mail.outbox == [] or all(province.unit_head.email not in m.to for m in mail.outbox)
