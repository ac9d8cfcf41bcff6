"""Worker-side half of the outbox: skip a row already done, and dispatch at start-up.

``OutboxAwareTask`` is the base class of every task (``Celery(task_cls=…)``).
A task sent from an outbox row carries the task id ``outbox-<pk>``; when that
row is already completed the call is a duplicate (a re-send after a lost
acknowledgement) and is skipped. Other task ids (beat, retries of a plain
``.delay``) run as usual.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task

log = logging.getLogger(__name__)


class OutboxAwareTask(Task):  # type: ignore[misc]
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from pressdesk.outbox.models import message_id_from_task_id

        message_id = message_id_from_task_id(self.request.id)
        if message_id is None:
            return super().__call__(*args, **kwargs)
        from pressdesk.outbox import actions

        if actions.is_completed(message_id):
            log.info("Skipping %s: outbox message %s already ran", self.name, message_id)
            return None
        result = super().__call__(*args, **kwargs)
        actions.mark_completed(message_id=message_id)
        return result


def dispatch_on_worker_ready(**_kwargs: object) -> None:
    """A worker that starts sends what the broker missed while it was away."""
    from pressdesk.outbox.actions import dispatch_pending

    try:
        dispatch_pending()
    except Exception:  # the worker must start even if the database is not there yet
        log.exception("Outbox dispatch at worker start-up failed")
