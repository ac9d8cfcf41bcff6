"""Background work of information notes: e-mailing the approved note, deadlines."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

log = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, soft_time_limit=60, time_limit=90, acks_late=True)
def send_note_email(self, recipient_id: int) -> bool:  # type: ignore[no-untyped-def]
    """E-mail the approved note to one recipient, retried with backoff; a last failure shows on the case."""
    from pressdesk.infonotes import actions

    try:
        return actions.deliver(recipient_id)
    except (smtplib.SMTPException, OSError, SoftTimeLimitExceeded) as exc:
        error = f"{type(exc).__name__}: {exc}"
        final = self.request.retries >= MAX_RETRIES
        log.warning("Information note e-mail %s failed (try %s): %s", recipient_id, self.request.retries + 1, error)
        actions.record_failure(recipient_id=recipient_id, error=error, final=final)
        if final:
            return False
        # Exponential backoff with jitter: ~30 s, 1 min, 2 min, 4 min, 8 min.
        import random

        countdown = 30 * 2**self.request.retries + random.randint(0, 15)  # noqa: S311
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(soft_time_limit=120, time_limit=180)
def process_deadlines() -> tuple[int, int]:
    from pressdesk.infonotes import actions

    return actions.process_deadlines()
