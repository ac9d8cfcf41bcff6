from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

import pytest
import time_machine
from celery import shared_task
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from pressdesk.outbox import actions
from pressdesk.outbox.models import Message

pytestmark = pytest.mark.django_db

CALLS: list[tuple[int, str]] = []


@shared_task(name="pressdesk.outbox.tests.record_call")
def record_call(number: int, label: str = "") -> None:
    CALLS.append((number, label))


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def test_a_task_queued_in_a_rolled_back_action_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        actions.enqueue(record_call, 1)
        raise RuntimeError("the action fails")
    assert not Message.objects.exists()
    assert CALLS == []


def test_a_committed_row_is_sent_after_commit_and_marked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = actions.enqueue(record_call, 2, label="x")
        assert CALLS == []  # nothing runs before the commit
    message.refresh_from_db()
    assert CALLS == [(2, "x")]
    assert message.dispatched_at is not None
    assert message.completed_at is not None


def test_a_refused_send_leaves_the_row_pending_with_backoff_and_the_action_succeeds(
    django_capture_on_commit_callbacks, settings
):
    from pressdesk.celery import app

    app.conf.task_always_eager = False
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
    with (
        mock.patch.object(record_call, "apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = actions.enqueue(record_call, 3)
    message.refresh_from_db()
    assert message.dispatched_at is None
    assert message.attempts == 1
    assert "Connection refused" in message.last_error
    wait = (message.next_attempt_at - timezone.now()).total_seconds()
    assert 0 < wait <= actions.BACKOFF_BASE * 1.2

    # Not due yet: the dispatcher leaves it alone; once due, a dead broker backs it off further.
    assert actions.dispatch_pending() == (0, 0)
    Message.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    with mock.patch.object(record_call, "apply_async", side_effect=refused):
        assert actions.dispatch_pending() == (0, 1)
    message.refresh_from_db()
    assert message.attempts == 2

    Message.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    with mock.patch.object(record_call, "apply_async") as apply_async:
        assert actions.dispatch_pending() == (1, 0)
    apply_async.assert_called_once()
    assert apply_async.call_args.args == ([3], {})
    assert apply_async.call_args.kwargs["task_id"] == f"outbox-{message.pk}"
    message.refresh_from_db()
    assert message.dispatched_at is not None


def test_backoff_grows_to_a_minute_at_most():
    delays = [actions.backoff(n) for n in range(1, 20)]
    assert delays[0] <= actions.BACKOFF_BASE * 1.2
    assert max(delays) <= actions.BACKOFF_MAX * 1.2
    assert delays[-1] >= actions.BACKOFF_MAX * 0.8


def test_a_row_that_already_ran_is_skipped_when_delivered_again():
    message = Message.objects.create(task=record_call.name, args=[4])
    record_call.apply(args=[4], task_id=message.task_id)
    record_call.apply(args=[4], task_id=message.task_id)  # the duplicate delivery
    assert CALLS == [(4, "")]
    record_call.apply(args=[5])  # a task id of its own: not the outbox's business
    assert CALLS == [(4, ""), (5, "")]


def test_a_task_with_a_countdown_waits_in_the_outbox_until_it_is_due(django_capture_on_commit_callbacks):
    """A distant ETA is never handed to the broker, where it would outlive the visibility timeout."""
    from pressdesk.celery import app

    app.conf.task_always_eager = False
    with mock.patch.object(record_call, "apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            message = actions.enqueue(record_call, 6, countdown=3600)
        assert actions.dispatch_pending() == (0, 0)
        apply_async.assert_not_called()
        message.refresh_from_db()
        assert message.next_attempt_at == message.eta
        with time_machine.travel(message.eta + datetime.timedelta(seconds=1), tick=False):
            assert actions.dispatch_pending() == (1, 0)
    assert apply_async.call_args.args == ([6], {})
    assert "eta" not in apply_async.call_args.kwargs


def test_the_command_dispatches_what_is_due():
    from pressdesk.celery import app

    app.conf.task_always_eager = False
    Message.objects.create(task=record_call.name, args=[7])
    out = StringIO()
    with mock.patch.object(record_call, "apply_async"):
        call_command("dispatch_outbox", stdout=out)
    assert out.getvalue().strip() == "sent 1, failed 0, still pending 0"


def test_old_dispatched_rows_are_deleted_and_pending_rows_kept():
    old = timezone.now() - actions.KEEP_DISPATCHED - datetime.timedelta(hours=1)
    Message.objects.create(task=record_call.name, dispatched_at=old)
    kept = Message.objects.create(task=record_call.name)
    assert actions.delete_old() == 1
    assert list(Message.objects.all()) == [kept]
