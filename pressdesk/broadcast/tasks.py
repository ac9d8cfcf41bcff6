"""Background work of TV/radio requests: the guests' reminders (beat, every 15 minutes)."""

from __future__ import annotations

from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=180)
def send_reminders() -> int:
    from pressdesk.broadcast import actions

    return actions.send_due_reminders()
