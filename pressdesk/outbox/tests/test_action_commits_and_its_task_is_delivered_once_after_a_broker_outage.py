"""With the broker down, a committed action still answers normally; its task is delivered once when the broker is back.

The broker is a private ``redis-server`` on a free port (never the shared
one): stopped while a letter is submitted for approval, then started; the
outbox dispatcher sends the pending row and a real worker delivers the
notification and its e-mail exactly once, even when the row is sent again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.urls import reverse

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.celery import app as celery_app
from pressdesk.notifications.models import Notification
from pressdesk.outbox.actions import dispatch_pending
from pressdesk.outbox.models import Message
from pressdesk.testing.brokers import RedisServer, use_broker
from pressdesk.testing.letters import make_letter

SEND_EMAILS = "pressdesk.notifications.tasks.send_notification_emails"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def _wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def stopped_redis(tmp_path):
    if not RedisServer.available():
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    yield server
    server.stop()


def test_submitting_with_the_broker_down_succeeds_and_notifies_once_when_it_returns(
    province, client, settings, stopped_redis
):
    def bring_up() -> str:
        stopped_redis.start()
        return stopped_redis.url

    _submit_while_down_then_deliver(province, client, settings, down=stopped_redis.url, bring_up=bring_up)


def test_the_same_with_the_embedded_broker_unreachable(province, client, settings, tmp_path):
    """The embedded mode: the broker's SQLite file cannot be opened, then it can."""
    missing = f"embedded+sqlite:///{tmp_path / 'missing-directory' / 'broker.sqlite3'}"

    def bring_up() -> str:
        (tmp_path / "broker").mkdir()
        return f"embedded+sqlite:///{tmp_path / 'broker' / 'broker.sqlite3'}"

    _submit_while_down_then_deliver(province, client, settings, down=missing, bring_up=bring_up)


def _submit_while_down_then_deliver(province, client, settings, *, down: str, bring_up: Callable[[], str]) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = False
    mail.outbox.clear()
    letter = make_letter(province)
    client.force_login(province.staff)
    with use_broker(celery_app, down):
        response = client.post(reverse("documents:submit", args=[letter.pk]))

        assert response.status_code == 302  # the flow committed; no error page
        flow = ApprovalFlow.objects.get()
        assert response.url == reverse("approvals:detail", args=[flow.pk])
        pending = Message.objects.get(task="pressdesk.approvals.tasks.notify_flow_event")
        assert pending.dispatched_at is None
        assert pending.attempts == 1
        assert "Error" in pending.last_error
        assert not Notification.objects.exists()

        up = bring_up()
    # The test thread stays off the database while the worker thread uses it (SQLite's
    # shared in-memory test database locks whole tables): it waits on the tasks' ends.
    finished: list[tuple[str, str]] = []

    def record(sender: object = None, task_id: str = "", task: object = None, **_kwargs: object) -> None:
        finished.append((getattr(task, "name", ""), task_id))

    task_postrun.connect(record, weak=False)
    try:
        with use_broker(celery_app, up):
            Message.objects.update(next_attempt_at=pending.created_at)  # due now, not after its backoff
            assert dispatch_pending() == (1, 0)
            with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                assert _wait_for(lambda: any(name == SEND_EMAILS for name, _id in finished))
            # The same row sent again (a lost acknowledgement, two dispatchers): nothing runs twice.
            Message.objects.filter(pk=pending.pk).update(dispatched_at=None, next_attempt_at=pending.created_at)
            assert dispatch_pending() == (1, 0)
            with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                assert _wait_for(lambda: [task_id for _name, task_id in finished].count(pending.task_id) == 2)
    finally:
        task_postrun.disconnect(record)

    notifications = Notification.objects.filter(kind="approval_requested")
    assert notifications.count() == 1
    assert notifications.get().recipient == province.unit_head
    assert len(mail.outbox) == 1
    assert flow.title in mail.outbox[0].subject
    pending.refresh_from_db()
    assert pending.completed_at is not None
