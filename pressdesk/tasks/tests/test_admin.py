"""The technical admin shows tasks read-only (changes go through the actions)."""

import pytest
from django.urls import reverse

from pressdesk.tasks import actions
from pressdesk.tasks.tests.uploads import pdf

pytestmark = pytest.mark.django_db


def test_admin_lists_searches_and_shows_a_task(province, client, make_task):
    province.admin.is_superuser = True
    province.admin.save()
    task = make_task(title="Yönetimde görünen iş", attachments=[pdf()])
    actions.comment_on_task(actor=province.staff, task=task, body="Yorum", progress=20)
    client.force_login(province.admin)
    changelist = client.get(reverse("admin:tasks_task_changelist"), {"q": "görünen", "status__exact": "in_progress"})
    assert changelist.status_code == 200
    assert "Yönetimde görünen iş" in changelist.content.decode()
    change = client.get(reverse("admin:tasks_task_change", args=[task.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    assert "Yorum" in html and "brief.pdf" in html
    assert client.get(reverse("admin:tasks_task_add")).status_code == 403
