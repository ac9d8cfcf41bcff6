"""Background work of triage: new items (sentiment + alert rules), SMS, forwards, retraining.

Tasks take ids, are idempotent (a second run finds the work done) and thin:
the work is in ``actions``.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from pressdesk.lib.sms import SmsError
from pressdesk.monitoring.models import Story
from pressdesk.triage import actions

log = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def process_new_items(item_ids: list[int]) -> int:
    """Suggest the sentiment of freshly ingested items and evaluate the alert rules."""
    return len(actions.process_new_items(item_ids=item_ids))


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def evaluate_story_rules(story_id: int) -> int:
    """Re-evaluate the rules for one story whose sentiment was set or corrected."""
    if not Story.objects.filter(pk=story_id).exists():
        return 0
    return len(actions.evaluate_rules(story_ids=[story_id]))


@shared_task(
    autoretry_for=(SmsError, OperationalError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
)
def send_alert_sms(alert_id: int) -> bool:
    return actions.send_alert_sms_now(alert_id=alert_id)


@shared_task(soft_time_limit=120, time_limit=180)
def send_due_sms() -> int:
    """The periodic sweep: SMS held during quiet hours, or whose first try failed."""
    ids = actions.due_sms_alert_ids()
    for alert_id in ids:
        send_alert_sms.delay(alert_id)
    return len(ids)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_forward(forward_id: int) -> bool:
    return actions.send_forward_now(forward_id=forward_id)


@shared_task(soft_time_limit=600, time_limit=900)
def retrain_sentiment() -> int:
    """Nightly: retrain the sentiment model on the shipped set plus the unit's labels."""
    row = actions.retrain_sentiment_model()
    log.info("Sentiment model retrained with %d staff labels", row.labels_used)
    return row.labels_used
