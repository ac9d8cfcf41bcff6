import pytest
from django.urls import reverse

from pressdesk.notifications import actions
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_notification_appears_in_app_and_goes_by_email(province, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipients=[province.director], kind="approval_requested", title="Basın bülteni imzanızı bekliyor"
        )
    assert Notification.objects.filter(recipient=province.director, read_at__isnull=True).count() == 1
    assert [m.to for m in mailoutbox] == [["mudur@example.gov.tr"]]


def test_user_turns_off_email_for_a_kind(province, client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(province.director)
    response = client.post(reverse("notifications:preferences"), {"approval_requested__app": "on"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(recipients=[province.director], kind="approval_requested", title="X")
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=province.director).count() == 1


def test_email_task_never_sends_twice(province, mailoutbox, django_capture_on_commit_callbacks):
    from pressdesk.notifications.tasks import send_notification_emails

    with django_capture_on_commit_callbacks(execute=True):
        created = actions.notify(recipients=[province.staff], kind="task_assigned", title="Y")
    send_notification_emails([n.pk for n in created])  # a retry
    assert len(mailoutbox) == 1


def test_navigation_shows_unread_count_and_opening_marks_read(province, client):
    created = actions.notify(recipients=[province.staff], kind="task_assigned", title="Yeni görev", url="/tasks/")
    client.force_login(province.staff)
    body = client.get(reverse("notifications:list")).content.decode()
    assert 'data-testid="notification-count"' in body
    response = client.get(reverse("notifications:open", args=[created[0].pk]))
    assert response.url == "/tasks/"
    assert Notification.objects.get(pk=created[0].pk).read_at is not None


def test_someone_elses_notification_cannot_be_opened(province, client):
    created = actions.notify(recipients=[province.director], kind="task_assigned", title="Gizli", url="/tasks/")
    client.force_login(province.staff)
    response = client.get(reverse("notifications:open", args=[created[0].pk]))
    assert response.url == reverse("notifications:list")
    assert Notification.objects.get(pk=created[0].pk).read_at is None


def test_unknown_kind_is_a_programming_error(province):
    with pytest.raises(ValueError):
        actions.notify(recipients=[province.staff], kind="nope", title="x")
