"""Listening to monitoring: new items go to a Celery task after the ingest commits (cheap here)."""

from __future__ import annotations

from typing import Any


def on_items_ingested(sender: Any, source: Any = None, items: Any = None, **kwargs: Any) -> None:
    item_ids = [item.pk for item in items or [] if item.pk]
    if not item_ids:
        return

    from pressdesk.outbox.actions import enqueue
    from pressdesk.triage.tasks import process_new_items

    enqueue(process_new_items, item_ids)
