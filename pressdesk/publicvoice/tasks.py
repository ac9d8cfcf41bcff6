"""Background work of the public's voice: the deadlines' reminders and escalations (beat)."""

from __future__ import annotations

from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=180)
def process_deadlines() -> tuple[int, int]:
    from pressdesk.publicvoice import actions

    return actions.process_deadlines()
