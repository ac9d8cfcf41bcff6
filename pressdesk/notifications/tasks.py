from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from pressdesk.notifications.models import Notification

log = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once; a retry skips what was already sent."""
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            note = (
                Notification.objects.select_for_update()
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if note is None or not note.recipient.email:
                continue
            link = f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""
            send_mail(note.title, f"{note.body}{link}", None, [note.recipient.email])
            note.emailed_at = timezone.now()
            note.save(update_fields=["emailed_at"])
            sent += 1
    return sent
