"""The history page: only those who may see a record see its history, and the changes read in Turkish."""

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from pressdesk.tasks import actions as task_actions
from pressdesk.tasks.models import Task


@pytest.fixture
def task(province) -> Task:
    with set_actor(province.unit_head):
        task = task_actions.assign_task(actor=province.unit_head, assignee=province.staff, title="Basın bülteni")
    with set_actor(province.staff):
        return task_actions.complete_task(actor=province.staff, task=task)


def history_url(task: Task) -> str:
    return reverse("audit:history", args=["tasks", "task", task.pk])


def test_the_history_shows_a_tracked_change_with_turkish_labels(province, client, task):
    client.force_login(province.unit_head)
    response = client.get(history_url(task))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geçmiş" in page
    assert "Değiştirildi" in page and "Oluşturuldu" in page
    # The field's verbose name and the choices' labels, translated; the actor by name.
    assert "Durum" in page
    assert "Açık" in page and "Tamamlandı" in page
    assert "Ayşe Yılmaz" in page


@pytest.mark.parametrize("who", ["outsider", "other_affiliate", "requester"])
def test_those_who_may_not_see_the_record_get_404(province, client, task, who):
    client.force_login(getattr(province, who))
    assert client.get(history_url(task)).status_code == 404


def test_another_provinces_unit_head_gets_404(province, client, task):
    from pressdesk.testing.factories import SecondProvince

    client.force_login(SecondProvince(province).unit_head)
    assert client.get(history_url(task)).status_code == 404


def test_a_model_without_a_registered_visibility_or_unknown_gets_404(province, client, task):
    client.force_login(province.admin)
    assert client.get(reverse("audit:history", args=["tasks", "taskcomment", 1])).status_code == 404
    assert client.get(reverse("audit:history", args=["nothing", "here", 1])).status_code == 404
    assert client.get(reverse("audit:history", args=["tasks", "task", task.pk + 1000])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, task):
    response = client.get(history_url(task))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_history_reads_in_turkish_without_raw_stored_values(province, client, task):
    """No ``None``, ``[]``, ``\\u0131`` escapes or English generated labels; empty-to-empty left out."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Task),
        object_pk=str(task.pk),
        object_id=task.pk,
        object_repr=str(task),
        action=LogEntry.Action.UPDATE,
        actor=province.unit_head,
        changes={
            "id": ["None", str(task.pk)],
            "description": ["None", '["Ba\\u015fhekimlik", "\\u0130l"]'],
            "due_date": ["None", "None"],
            "reminded_on": ["None", "2026-12-07"],
            "completed_at": ["None", "2026-12-06 09:30:00"],
            "assignee": ["None", str(province.staff.pk)],
        },
    )
    client.force_login(province.unit_head)
    page = client.get(history_url(task)).content.decode()
    assert ">None<" not in page and "[]" not in page and "\\u0" not in page
    assert "Başhekimlik, İl" in page
    # A generated label through the catalogue; a local (Istanbul) time; the related user by name.
    assert "Hatırlatma günü" in page and "07.12.2026" in page
    assert "06.12.2026 12:30" in page
    assert "Ayşe Yılmaz" in page
    # Internal fields and empty-to-empty changes are not shown.
    assert ">ID<" not in page and "Son tarih" not in page
    assert "Reminded on" not in page and "Created at" not in page
