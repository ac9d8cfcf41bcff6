"""Beat entries of the director's office: thin wrappers around actions."""

from __future__ import annotations

from celery import shared_task

from pressdesk.meetings import actions


@shared_task(time_limit=300, soft_time_limit=240)
def generate_series() -> int:
    """Create the coming meetings of every recurring series (idempotent)."""
    return actions.generate_all_series()


@shared_task(time_limit=120, soft_time_limit=100)
def remind_vtc_tests() -> int:
    return actions.remind_due_tests()
