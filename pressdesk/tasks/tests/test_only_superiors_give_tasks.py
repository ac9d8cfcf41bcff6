"""Only superiors (unit head, chief, director, admin) may give tasks."""

import pytest
from django.urls import reverse

from pressdesk.tasks.models import Task

pytestmark = pytest.mark.django_db

NOT_SUPERIORS = ["staff", "affiliate", "requester"]


@pytest.mark.parametrize("who", NOT_SUPERIORS)
def test_non_superior_cannot_open_the_new_task_form(province, client, login, who):
    login(getattr(province, who))
    assert client.get(reverse("tasks:create")).status_code == 403


@pytest.mark.parametrize("who", NOT_SUPERIORS)
def test_non_superior_cannot_post_a_new_task(province, client, login, who):
    user = getattr(province, who)
    login(user)
    response = client.post(reverse("tasks:create"), {"title": "Kendime iş", "assignee": user.pk, "priority": 2})
    assert response.status_code == 403
    assert not Task.objects.exists()


@pytest.mark.parametrize("who", NOT_SUPERIORS)
def test_non_superior_does_not_see_the_new_task_button(province, client, login, who):
    login(getattr(province, who))
    assert reverse("tasks:create") not in client.get(reverse("tasks:inbox")).content.decode()
    assert reverse("tasks:create") not in client.get(reverse("tasks:list")).content.decode()


@pytest.mark.parametrize("who", ["unit_head", "chief", "director", "admin"])
def test_superiors_can_open_the_new_task_form(province, client, login, who):
    login(getattr(province, who))
    assert client.get(reverse("tasks:create")).status_code == 200


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("tasks:create"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
