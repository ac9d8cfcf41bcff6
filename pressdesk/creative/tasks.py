"""Background work of the creative studio: thin wrappers around actions, queued through the outbox."""

from __future__ import annotations

from celery import shared_task

from pressdesk.creative import actions


@shared_task(time_limit=300, soft_time_limit=240, acks_late=True)
def make_preview(version_id: int) -> bool:
    return actions.make_preview(version_id=version_id)


@shared_task(time_limit=900, soft_time_limit=870, acks_late=True)
def make_renditions(asset_id: int) -> int:
    return actions.make_renditions(asset_id=asset_id)


@shared_task(time_limit=600, soft_time_limit=570, acks_late=True)
def make_deliveries(request_id: int) -> int:
    return actions.make_deliveries(request_id=request_id)
