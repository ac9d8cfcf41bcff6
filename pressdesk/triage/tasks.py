"""Background work of triage: new items (sentiment + alert rules), SMS, forwards, retraining.

Tasks take ids, are idempotent (a second run finds the work done) and thin:
the work is in ``actions``.
"""

from __future__ import annotations

import logging
import random

from celery import shared_task
from django.db import OperationalError

from pressdesk.lib.sms import SmsError
from pressdesk.monitoring.models import Story
from pressdesk.triage import actions, alerting

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
    return len(alerting.evaluate_rules(story_ids=[story_id]))


@shared_task(
    autoretry_for=(SmsError, OperationalError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
)
def send_alert_sms(alert_id: int) -> bool:
    return alerting.send_alert_sms_now(alert_id=alert_id)


@shared_task(soft_time_limit=120, time_limit=180)
def send_due_sms() -> int:
    """The periodic sweep: SMS held during quiet hours, or whose first try failed."""
    ids = alerting.due_sms_alert_ids()
    for alert_id in ids:
        send_alert_sms.delay(alert_id)
    return len(ids)


FORWARD_MAX_RETRIES = 5
FORWARD_BACKOFF_BASE = 30  # seconds
FORWARD_BACKOFF_MAX = 30 * 60


def forward_backoff(retries: int) -> int:
    delay = min(FORWARD_BACKOFF_BASE * (2**retries), FORWARD_BACKOFF_MAX)
    return int(delay / 2 + random.uniform(0, delay / 2))  # noqa: S311 - jitter, not security


@shared_task(bind=True, max_retries=FORWARD_MAX_RETRIES, soft_time_limit=60, time_limit=90)
def send_forward(self, forward_id: int) -> bool:  # type: ignore[no-untyped-def]
    """E-mail a forward; each failure is recorded, the last one marks the forward failed."""
    try:
        return actions.send_forward_now(forward_id=forward_id)
    except OSError as exc:  # smtplib.SMTPException is an OSError
        final = self.request.retries >= self.max_retries
        error = f"{type(exc).__name__}: {exc}"
        actions.record_forward_failure(forward_id=forward_id, error=error, final=final)
        log.warning("Forward %s failed (attempt %s): %s", forward_id, self.request.retries + 1, error)
        if final:
            return False
        raise self.retry(exc=exc, countdown=forward_backoff(self.request.retries)) from exc


@shared_task(soft_time_limit=600, time_limit=900)
def retrain_sentiment() -> int:
    """Nightly: retrain the sentiment model on the shipped set plus the unit's labels."""
    row = actions.retrain_sentiment_model()
    log.info("Sentiment model retrained with %d staff labels", row.labels_used)
    return row.labels_used
