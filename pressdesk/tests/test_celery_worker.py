"""A real Celery worker consumes a task from the configured broker.

On the embedded default that is the SQLite-backed broker; in CI's second
run it is Redis. The worker runs in a thread of this process.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from pressdesk.celery import app as celery_app
from pressdesk.tasks import actions as task_actions
from pressdesk.testing.brokers import empty_broker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def _run_through_worker(province):
    """Assign a task with eager mode off: on commit, the e-mail task goes through the broker."""
    celery_app.conf.task_always_eager = False
    empty_broker(celery_app)  # nothing left over from an earlier run
    mail.outbox.clear()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        task = task_actions.assign_task(actor=province.unit_head, assignee=province.staff, title="Basın bülteni")
        for _ in range(400):  # wait for the side effect (no result backend), at most 20 s
            if mail.outbox:
                break
            time.sleep(0.05)
    return task


def test_worker_sends_the_assignment_email_from_the_broker(province, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task = _run_through_worker(province)
    assert len(mail.outbox) == 1
    assert task.title in mail.outbox[0].subject


@pytest.mark.redis
def test_worker_uses_redis_when_configured(province, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _run_through_worker(province)
    assert len(mail.outbox) == 1
