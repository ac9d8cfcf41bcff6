"""A failed mail server: each delivery is retried with back-off, then recorded as failed; the unit head resends."""

import socket

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import TestCase

from pressdesk.celery import app as celery_app
from pressdesk.notifications.models import Notification
from pressdesk.reports import actions, tasks
from pressdesk.reports.models import Delivery
from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_smtp(settings):
    # Eager retries run in place only when task errors are not re-raised (as in a worker).
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 2
    yield settings
    celery_app.conf.task_eager_propagates = previous


def test_unreachable_mail_server_fails_after_retries_and_tells_the_unit_head(province, world, dead_smtp, monkeypatch):
    countdowns = []
    real_retry = tasks.send_delivery.retry

    def recording_retry(*args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(tasks.send_delivery, "retry", recording_retry)
    world.news("Şehir Hastanesi haberi", sentiment="negative")
    add_recipient(province, user=province.director)
    report = daily_report(province)
    send(report, province.staff)

    assert report.status == "failed"
    assert report.error
    [delivery] = report.deliveries.all()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == tasks.MAX_RETRIES + 1
    assert "ConnectionRefusedError" in delivery.last_error or "OSError" in delivery.last_error
    assert len(countdowns) == tasks.MAX_RETRIES
    assert all(c is not None and c > 0 for c in countdowns)
    assert countdowns[-1] > countdowns[0]  # backs off
    assert Notification.objects.filter(recipient=province.unit_head, kind="report_failed").exists()


def test_unit_head_resends_the_failed_deliveries_once_the_server_is_back(province, world, dead_smtp, settings):
    world.news("Şehir Hastanesi haberi", sentiment="negative")
    add_recipient(province, user=province.director)
    add_recipient(province, email="bashekim@example.gov.tr", name="Başhekim", organization=province.hospital)
    report = daily_report(province)
    send(report, province.staff)
    assert report.status == "failed"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with pytest.raises(PermissionDenied):  # only the unit head or an administrator resends
        actions.resend_failed(actor=province.staff, report=report)
    with TestCase.captureOnCommitCallbacks(execute=True):
        count = actions.resend_failed(actor=province.unit_head, report=report)
    report.refresh_from_db()
    assert count == 2
    assert report.status == "sent"
    assert sorted(m.to[0] for m in mail.outbox) == ["bashekim@example.gov.tr", province.director.email]
    assert set(report.deliveries.values_list("status", flat=True)) == {"sent"}


def test_backoff_grows_and_is_capped():
    delays = [tasks.backoff(n) for n in range(12)]
    assert delays[0] <= tasks.BACKOFF_BASE
    assert max(delays) <= tasks.BACKOFF_MAX
    assert tasks.backoff(4) >= tasks.BACKOFF_BASE * 8
