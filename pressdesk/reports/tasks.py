"""Background work of the reports: the schedule tick and one e-mail per recipient."""

from __future__ import annotations

import logging
import random
import smtplib

from celery import shared_task

from pressdesk.documents.rendering.pdf import PdfUnavailable
from pressdesk.reports import actions

log = logging.getLogger(__name__)

MAX_RETRIES = 5
BACKOFF_BASE = 60  # seconds: 1, 2, 4, 8, 16 minutes (with jitter)
BACKOFF_MAX = 30 * 60
RETRY_ON = (smtplib.SMTPException, OSError, PdfUnavailable)


def backoff(retries: int) -> int:
    delay = min(BACKOFF_BASE * (2**retries), BACKOFF_MAX)
    return int(delay / 2 + random.uniform(0, delay / 2))  # noqa: S311 - jitter, not security


@shared_task(soft_time_limit=120, time_limit=180)
def enqueue_due_reports() -> list[int]:
    """Beat, every minute: make each province's due daily, weekly and monthly reports (once) and send them."""
    made = actions.run_schedule()
    if made:
        log.info("Prepared scheduled monitoring reports %s", made)
    return made


@shared_task(bind=True, max_retries=MAX_RETRIES, soft_time_limit=150, time_limit=200, acks_late=True)
def send_delivery(self, delivery_id: int) -> str:  # type: ignore[no-untyped-def]
    """E-mail the report to one recipient; retried with back-off; the last failure is recorded as failed."""
    try:
        return actions.deliver(delivery_id=delivery_id)
    except RETRY_ON as exc:
        final = self.request.retries >= self.max_retries
        # The error class and message only: the mail server's answer, never the credentials.
        error = f"{type(exc).__name__}: {exc}"
        actions.record_failure(delivery_id=delivery_id, error=error, final=final)
        log.warning("Report delivery %s failed (attempt %s): %s", delivery_id, self.request.retries + 1, error)
        if final:
            return "failed"
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    except Exception as exc:
        # Anything else (a rendering bug, the time limit) is not retried, but recorded:
        # the report must not stay "sending" with a delivery nobody will try again.
        actions.record_failure(delivery_id=delivery_id, error=f"{type(exc).__name__}: {exc}", final=True)
        log.exception("Report delivery %s failed", delivery_id)
        return "failed"
