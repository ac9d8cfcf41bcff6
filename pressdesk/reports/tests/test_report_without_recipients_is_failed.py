"""A report with no recipient is shown as failed with the reason, and the unit head is told."""

from django.core import mail

from pressdesk.notifications.models import Notification
from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


def test_no_recipients_fails_visibly(province, world):
    world.news("Şehir Hastanesi haberi")
    report = daily_report(province)
    assert send(report, province.staff) is True
    assert report.status == "failed"
    assert report.error
    # The only e-mail is the unit head's notification; no report went anywhere.
    assert [message.to for message in mail.outbox] == [[province.unit_head.email]]
    assert not any(message.attachments for message in mail.outbox)
    assert Notification.objects.filter(recipient=province.unit_head, kind="report_failed").count() == 1


def test_inactive_recipients_and_users_without_address_do_not_count(province, world):
    province.director.email = ""
    province.director.save()
    add_recipient(province, user=province.chief, is_active=False)
    add_recipient(province, email="haftalik@example.gov.tr", daily=False, weekly=True, monthly=False)
    report = daily_report(province)
    send(report, province.staff)
    assert report.status == "failed"
    assert not report.deliveries.exists()
