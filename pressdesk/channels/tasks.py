"""Background work for channels: health checks (one per channel, and the daily sweep) and expiry alerts."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from pressdesk.channels import actions
from pressdesk.channels.models import Channel

log = logging.getLogger("pressdesk.channels")


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=90,
    time_limit=120,
)
def check_channel_task(channel_id: int) -> bool | None:
    """Check one channel's token (idempotent; a deleted or inactive channel is skipped)."""
    health = actions.check_channel(channel_id=channel_id)
    return None if health is None else health.ok


@shared_task(soft_time_limit=60, time_limit=90)
def check_all_channels() -> int:
    """The daily sweep: alert about tokens close to expiry, then enqueue a check of every active channel."""
    alerted = actions.alert_expiring_tokens()
    ids = list(Channel.objects.filter(is_active=True).values_list("pk", flat=True))
    for channel_id in ids:
        check_channel_task.delay(channel_id)
    log.info("channel health: %d checks enqueued, %d expiry alerts", len(ids), alerted)
    return len(ids)
