from __future__ import annotations

from celery import shared_task

from pressdesk.outbox import actions


@shared_task(soft_time_limit=50, time_limit=60, ignore_result=True)
def dispatch_outbox() -> int:
    """The beat entry: send the rows the broker did not take after commit (idempotent)."""
    sent, _failed = actions.dispatch_pending()
    return sent


@shared_task(soft_time_limit=120, time_limit=180)
def delete_old_outbox_messages() -> int:
    return actions.delete_old()
