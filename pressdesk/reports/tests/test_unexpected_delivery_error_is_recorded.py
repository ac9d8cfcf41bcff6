"""A delivery that fails for a reason other than the mail server is recorded as failed, not left sending."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from pressdesk.notifications.models import Notification
from pressdesk.reports import actions
from pressdesk.reports.models import Delivery
from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


@pytest.mark.parametrize("error", [RuntimeError("template bug"), SoftTimeLimitExceeded()], ids=["bug", "time-limit"])
def test_unexpected_error_fails_the_delivery_and_the_report(province, world, monkeypatch, error):
    def broken(**_kwargs):
        raise error

    monkeypatch.setattr(actions, "deliver", broken)
    world.news("Şehir Hastanesi haberi", sentiment="negative")
    add_recipient(province, user=province.director)
    report = daily_report(province)
    send(report, province.staff)

    report.refresh_from_db()
    assert report.status == "failed"
    [delivery] = report.deliveries.all()
    assert delivery.status == Delivery.Status.FAILED
    assert type(error).__name__ in delivery.last_error
    assert Notification.objects.filter(recipient=province.unit_head, kind="report_failed").exists()
