"""Background work of media relations: one e-mail per recipient (thin wrapper around the action)."""

from __future__ import annotations

from celery import shared_task


@shared_task(soft_time_limit=60, time_limit=90, acks_late=True)
def send_delivery(delivery_id: int) -> None:
    """Send one release e-mail; a delivery no longer waiting (sent, deleted) is skipped."""
    from pressdesk.mediarelations import actions

    actions.deliver(delivery_id=delivery_id)


@shared_task(soft_time_limit=240, time_limit=300)
def fetch_bounces() -> int:
    """Every few minutes (beat): read the bounce mailbox and record its bounces; nothing when not set up."""
    from pressdesk.mediarelations import bounces

    return bounces.fetch_mailbox().recorded
