"""Attachments are downloaded through a permission-checked view, never from MEDIA_URL."""

import pytest
from django.urls import reverse

from pressdesk.tasks import actions
from pressdesk.tasks.tests.uploads import pdf

pytestmark = pytest.mark.django_db


def test_assignee_downloads_the_attachment(province, client, login, make_task):
    task = make_task(attachments=[pdf("Basın Bülteni.pdf", b"%PDF-1.4 icerik")])
    attachment = task.attachments.get()
    login(province.staff)
    response = client.get(reverse("tasks:attachment", args=[task.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 icerik"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Basın" in response["Content-Disposition"] or "Bas%C4%B1n" in response["Content-Disposition"]


def test_detail_page_links_to_the_download_view_not_to_media(province, client, login, make_task):
    task = make_task(attachments=[pdf("brief.pdf")])
    login(province.staff)
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert reverse("tasks:attachment", args=[task.pk, task.attachments.get().pk]) in page
    assert "/media/" not in page


def test_assignee_adds_an_attachment_from_the_task_page(province, client, login, make_task):
    task = make_task()
    login(province.staff)
    response = client.post(reverse("tasks:attach", args=[task.pk]), {"attachments": [pdf("rapor.pdf")]})
    assert response.status_code == 302
    attachment = task.attachments.get()
    assert (attachment.original_name, attachment.uploaded_by) == ("rapor.pdf", province.staff)


def test_missing_file_on_disk_gives_404_not_an_error(province, client, login, make_task):
    task = make_task()
    attachment = actions.add_attachment(actor=province.unit_head, task=task, upload=pdf())
    attachment.file.delete(save=False)
    login(province.staff)
    assert client.get(reverse("tasks:attachment", args=[task.pk, attachment.pk])).status_code == 404
