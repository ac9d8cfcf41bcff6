"""People who may not see a task get 404 everywhere: they cannot even learn it exists."""

import pytest
from django.urls import reverse

from pressdesk.tasks import actions
from pressdesk.tasks.models import Task, TaskAttachment, TaskComment
from pressdesk.tasks.tests.uploads import pdf

pytestmark = pytest.mark.django_db

OUTSIDERS = ["outsider", "other_affiliate", "staff2", "requester"]


@pytest.fixture
def task(province, make_task):
    task = make_task()
    actions.add_attachment(actor=province.unit_head, task=task, upload=pdf())
    return task


def _urls(task):
    attachment = task.attachments.get()
    return {
        "detail": ("get", reverse("tasks:detail", args=[task.pk])),
        "edit": ("get", reverse("tasks:edit", args=[task.pk])),
        "attachment": ("get", reverse("tasks:attachment", args=[task.pk, attachment.pk])),
        "comment": ("post", reverse("tasks:comment", args=[task.pk])),
        "complete": ("post", reverse("tasks:complete", args=[task.pk])),
        "reopen": ("post", reverse("tasks:reopen", args=[task.pk])),
        "cancel": ("post", reverse("tasks:cancel", args=[task.pk])),
        "attach": ("post", reverse("tasks:attach", args=[task.pk])),
    }


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(
    "action", ["detail", "edit", "attachment", "comment", "complete", "reopen", "cancel", "attach"]
)
def test_outsider_gets_404(province, client, login, task, who, action):
    login(getattr(province, who))
    method, url = _urls(task)[action]
    data = {"body": "izinsiz", "progress": 90, "attachments": pdf("sizinti.pdf")} if method == "post" else None
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN
    assert task.progress == 0
    assert not TaskComment.objects.exists()
    assert TaskAttachment.objects.count() == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsider_does_not_see_the_task_in_lists(province, client, login, task, who):
    login(getattr(province, who))
    for tab in ("mine", "given", "all"):
        page = client.get(reverse("tasks:list"), {"tab": tab, "status": "any"}).content.decode()
        assert task.title not in page
    assert task.title not in client.get(reverse("tasks:inbox")).content.decode()


def test_attachment_of_another_task_is_not_reachable_through_a_visible_task(province, client, login, make_task):
    mine = make_task(title="Benim işim")
    other = make_task(title="Başkasının işi", assignee=province.staff2)
    attachment = actions.add_attachment(actor=province.unit_head, task=other, upload=pdf("gizli.pdf"))
    login(province.staff)
    assert client.get(reverse("tasks:attachment", args=[mine.pk, attachment.pk])).status_code == 404


def test_assignee_cannot_edit_or_cancel_the_task(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 403
    assert client.post(reverse("tasks:cancel", args=[task.pk])).status_code == 403
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN
