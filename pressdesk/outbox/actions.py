"""The transactional outbox: queue a Celery task so that it survives a broker outage.

``enqueue(task, *args, **kwargs)`` replaces ``transaction.on_commit(lambda:
task.delay(*args, **kwargs))``. It writes a ``Message`` row in the caller's
transaction (so the task is queued exactly when the action commits) and, after
commit, hands it to the broker at once. If the broker cannot take it, the
request still succeeds: the row stays pending and ``dispatch_pending`` (a beat
entry every few seconds, each worker at start-up, ``manage.py dispatch_outbox``)
sends it again with backoff.

Delivery is at least once. Every send of a row uses the same Celery task id
(``outbox-<pk>``) and the worker skips a row already completed
(``pressdesk.outbox.worker.OutboxAwareTask``), so a row sent twice runs its
task once unless both copies run at the same moment; the tasks themselves are
idempotent for that case.
"""

from __future__ import annotations

import datetime
import logging
import random
from functools import partial
from typing import Any

from celery import Task, current_app
from django.db import transaction
from django.utils import timezone

from pressdesk.outbox.models import Message

log = logging.getLogger(__name__)

# A failed send is tried again after 2, 4, 8 … seconds, never more than a minute apart.
BACKOFF_BASE = 2.0
BACKOFF_MAX = 60.0
# One quick retry when publishing after commit: a web request must not wait on a dead broker.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0.2, "interval_max": 0.3}
DISPATCH_BATCH = 200
# The dispatcher leaves a new row alone this long: the send after commit is on its way.
FIRST_SEND_GRACE = datetime.timedelta(seconds=5)
# Rows handed to the broker are kept this long for inspection, then deleted.
KEEP_DISPATCHED = datetime.timedelta(days=7)


def enqueue(task: Task, *args: Any, countdown: float | None = None, **kwargs: Any) -> Message:
    """Queue ``task(*args, **kwargs)`` with the current transaction; ``countdown`` delays its start."""
    now = timezone.now()
    eta = now + datetime.timedelta(seconds=countdown) if countdown else None
    first_attempt = max(now + FIRST_SEND_GRACE, eta) if eta else now + FIRST_SEND_GRACE
    message = Message.objects.create(
        task=task.name, args=list(args), kwargs=kwargs, eta=eta, created_at=now, next_attempt_at=first_attempt
    )
    if eta is None or eta <= now + FIRST_SEND_GRACE or current_app.conf.task_always_eager:
        transaction.on_commit(partial(_send_after_commit, message))
    # A later start waits here, not in the broker: a worker holding a message with a
    # distant ETA past the broker's visibility timeout would see it delivered twice.
    return message


def backoff(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failed sends (with ±20 % jitter)."""
    delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 (jitter, not security)


def _send_after_commit(message: Message) -> None:
    if current_app.conf.task_always_eager:
        _send(message, raise_errors=True)  # eager mode: the task runs here, its errors are the caller's
        return
    try:
        _send(message, raise_errors=False)
    except Exception:  # the action has committed: never turn this into an error page
        log.exception("Outbox message %s stays pending for the dispatcher", message.pk)


def _task(name: str) -> Task:
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()  # every app's tasks.py (a command or shell process)
    return current_app.tasks[name]


def _send(message: Message, *, raise_errors: bool, retry_policy: dict[str, float] | None = None) -> bool:
    """Hand one row to Celery; on failure record the attempt and the time of the next one."""
    task = _task(message.task)
    options: dict[str, Any] = {"task_id": message.task_id}
    now = timezone.now()
    if message.eta is not None and message.eta > now:
        options["eta"] = message.eta
    if raise_errors:
        Message.objects.filter(pk=message.pk).update(dispatched_at=now)
        task.apply_async(message.args, message.kwargs, **options)
        return True
    try:
        task.apply_async(
            message.args, message.kwargs, retry=True, retry_policy=retry_policy or PUBLISH_RETRY_POLICY, **options
        )
    except Exception as exc:
        message.attempts += 1
        message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
        message.next_attempt_at = now + datetime.timedelta(seconds=backoff(message.attempts))
        Message.objects.filter(pk=message.pk).update(
            attempts=message.attempts, last_error=message.last_error, next_attempt_at=message.next_attempt_at
        )
        log.warning("Broker did not take %s (attempt %d): %s", message.task_id, message.attempts, exc)
        return False
    message.dispatched_at = timezone.now()
    Message.objects.filter(pk=message.pk).update(dispatched_at=message.dispatched_at)
    return True


def dispatch_pending(*, limit: int = 5000) -> tuple[int, int]:
    """Send the pending rows that are due, oldest first; returns (sent, failed).

    Rows are locked while they are sent (``SKIP LOCKED`` on PostgreSQL), so two
    dispatchers do not send the same row; a batch stops at the first failure
    (the broker is down; the other rows keep their turn).
    """
    sent = failed = 0
    while sent + failed < limit:
        with transaction.atomic():
            rows = list(
                Message.objects.select_for_update(skip_locked=True)
                .filter(dispatched_at__isnull=True, next_attempt_at__lte=timezone.now())
                .order_by("pk")[: min(DISPATCH_BATCH, limit - sent - failed)]
            )
            if not rows:
                break
            for message in rows:
                if _send(message, raise_errors=False):
                    sent += 1
                else:
                    failed += 1
                    break
        if failed:
            break
    if sent or failed:
        log.info("Outbox: %d sent, %d failed", sent, failed)
    return sent, failed


def mark_completed(*, message_id: int) -> None:
    Message.objects.filter(pk=message_id, completed_at__isnull=True).update(completed_at=timezone.now())


def is_completed(message_id: int) -> bool:
    return Message.objects.filter(pk=message_id, completed_at__isnull=False).exists()


def delete_old(*, older_than: datetime.timedelta = KEEP_DISPATCHED) -> int:
    """Delete rows handed to the broker long ago (pending rows are never deleted)."""
    cutoff = timezone.now() - older_than
    deleted, _ = Message.objects.filter(dispatched_at__lt=cutoff).delete()
    return deleted
