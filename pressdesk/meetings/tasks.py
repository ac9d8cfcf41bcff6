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


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=120, time_limit=180
)
def send_invitations(meeting_id: int, method: str = "REQUEST") -> int:
    """E-mail the meeting's iCal invitation (or cancellation) to its participants (queued through the outbox)."""
    from pressdesk.meetings import invitations

    return invitations.send(meeting_id, method)
