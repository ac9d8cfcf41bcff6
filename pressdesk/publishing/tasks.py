"""Background work of publishing: one task per channel post, the press e-mails, the schedule.

``publish_publication`` never posts twice: it claims the publication
(QUEUED/RETRYING → PUBLISHING) under ``select_for_update`` and commits the
claim before it calls the network; a second run finds the claim or the
recorded remote id and does nothing. A retryable ``ChannelError`` puts it
back to RETRYING and the task retries with exponential backoff and jitter;
every call is a ``PublicationAttempt`` row.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pressdesk.channels.base import ChannelError, MediaFile, PostPayload
from pressdesk.channels.limits import LIMITS
from pressdesk.channels.registry import get_adapter
from pressdesk.outbox.actions import enqueue
from pressdesk.publishing import actions, images
from pressdesk.publishing.models import NewsStory, PressDelivery, Publication, PublicationAttempt

log = logging.getLogger(__name__)

MAX_RETRIES = 5
STALE_CLAIM = timedelta(minutes=15)
Status = Publication.Status


def _backoff(retries: int, retry_after: float | None) -> float:
    base = min(3600.0, 30.0 * (2**retries))
    return max(retry_after or 0.0, base) + random.uniform(0, base / 4)  # noqa: S311 - jitter, not security


def _media_for(publication: Publication) -> tuple[MediaFile, ...]:
    limits = LIMITS[publication.channel.kind]
    media = []
    folder = f"publishing/{publication.story_id}/channels/{publication.pk}"
    for n, photo in enumerate(publication.story.photos.all()[: limits.max_images]):
        target = f"{folder}/{n + 1}.jpg"
        if not default_storage.exists(target):
            with photo.original.open("rb") as original:
                target = default_storage.save(target, ContentFile(images.fit_bytes(original, limits)))
        # The newsroom serves the web copy publicly once the story is published (Instagram fetches by URL).
        public = settings.SITE_URL + reverse("newsroom:photo", args=[photo.pk, "web"])
        media.append(MediaFile(name=target, content_type="image/jpeg", alt_text=photo.caption, url=public))
    return tuple(media)


def _payload(publication: Publication) -> PostPayload:
    story = publication.story
    videos = story.video_list()
    return PostPayload(
        text=publication.text,
        title=story.title,
        link=story.public_url(),
        html=format_html("<p><strong>{}</strong></p>{}", story.spot, mark_safe(story.body_html)),  # noqa: S308 - sanitised
        media=_media_for(publication),
        video_url=videos[0] if videos else "",
        idempotency_key=publication.idempotency_key,
    )


def _claim(publication_id: int) -> Publication | None:
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update().select_related("channel", "story").filter(pk=publication_id).first()
        )
        if publication is None or publication.remote_id:
            return None  # deleted, or already on the channel: never post twice
        if (
            publication.status == Status.PUBLISHING
            and publication.claimed_at
            and (timezone.now() - publication.claimed_at < STALE_CLAIM)
        ):
            return None  # another worker holds it
        if publication.status == Status.PUBLISHING:
            # A worker died mid-call: the post may be on the channel. Staff decide (retry uses the same key).
            publication.status = Status.FAILED
            publication.last_error = _("The result of the last attempt is unknown; check the channel before retrying.")
            publication.save(update_fields=["status", "last_error", "updated_at"])
            return None
        if publication.status not in (Status.QUEUED, Status.RETRYING):
            return None
        if actions.approval_problem(publication.story):
            publication.status = Status.FAILED
            publication.last_error = actions.approval_problem(publication.story)
            publication.save(update_fields=["status", "last_error", "updated_at"])
            return None
        publication.status, publication.claimed_at = Status.PUBLISHING, timezone.now()
        publication.attempt_count += 1
        publication.save(update_fields=["status", "claimed_at", "attempt_count", "updated_at"])
        return publication


@shared_task(soft_time_limit=120, time_limit=150, acks_late=True)
def publish_publication(publication_id: int) -> None:
    """Post one publication. Retries are new runs of this task, counted by the publication's attempts."""
    publication = _claim(publication_id)
    if publication is None:
        return
    attempt = PublicationAttempt(publication=publication, action=PublicationAttempt.Action.PUBLISH)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            adapter = get_adapter(publication.channel)
            result = adapter.publish(_payload(publication))
    except ChannelError as exc:
        retry = exc.retryable and publication.attempt_count <= MAX_RETRIES
        attempt.outcome = PublicationAttempt.Outcome.RETRYABLE if retry else PublicationAttempt.Outcome.ERROR
        attempt.message, attempt.http_status, attempt.finished_at = exc.message, exc.status, timezone.now()
        attempt.save()
        Publication.objects.filter(pk=publication.pk).update(
            status=Status.RETRYING if retry else Status.FAILED, last_error=exc.message, updated_at=timezone.now()
        )
        if retry:
            countdown = _backoff(publication.attempt_count - 1, exc.retry_after)
            enqueue(publish_publication, publication.pk, countdown=countdown)
        return
    except Exception as exc:
        log.exception("Publishing %s failed", publication.pk)
        attempt.outcome, attempt.finished_at = PublicationAttempt.Outcome.ERROR, timezone.now()
        attempt.message = _("Unexpected error while publishing; the technical details are in the server log.")
        attempt.save()
        Publication.objects.filter(pk=publication.pk).update(
            status=Status.FAILED, last_error=attempt.message, updated_at=timezone.now()
        )
        if not isinstance(exc, (LookupError, OSError, ValueError)):
            raise
        return
    now = timezone.now()
    attempt.outcome, attempt.finished_at = PublicationAttempt.Outcome.OK, now
    attempt.remote_id, attempt.url = result.remote_id, result.url[:2000]
    attempt.save()
    Publication.objects.filter(pk=publication.pk).update(
        status=Status.PUBLISHED,
        remote_id=result.remote_id,
        url=result.url[:2000],
        published_at=now,
        last_error="",
        updated_at=now,
    )


def _remote_call(publication_id: int, action: str) -> None:
    publication = (
        Publication.objects.select_related("channel", "story")
        .filter(pk=publication_id, status=Status.PUBLISHED)
        .exclude(remote_id="")
        .first()
    )
    if publication is None:
        return
    attempt = PublicationAttempt(publication=publication, action=action, remote_id=publication.remote_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            adapter = get_adapter(publication.channel)
            if action == PublicationAttempt.Action.DELETE:
                adapter.delete(publication.remote_id)
                url = ""
            else:
                url = adapter.update(publication.remote_id, _payload(publication)).url
    except ChannelError as exc:
        attempt.outcome, attempt.message, attempt.http_status = (
            PublicationAttempt.Outcome.ERROR,
            exc.message,
            exc.status,
        )
        attempt.finished_at = timezone.now()
        attempt.save()
        Publication.objects.filter(pk=publication.pk).update(last_error=exc.message, updated_at=timezone.now())
        return
    attempt.outcome, attempt.finished_at, attempt.url = PublicationAttempt.Outcome.OK, timezone.now(), url[:2000]
    attempt.save()
    if action == PublicationAttempt.Action.DELETE:
        Publication.objects.filter(pk=publication.pk).update(
            status=Status.DELETED, last_error="", updated_at=timezone.now()
        )
    else:
        Publication.objects.filter(pk=publication.pk).update(
            url=url[:2000] or publication.url, last_error="", updated_at=timezone.now()
        )


@shared_task(soft_time_limit=120, time_limit=150)
def update_remote_post(publication_id: int) -> None:
    _remote_call(publication_id, PublicationAttempt.Action.UPDATE)


@shared_task(soft_time_limit=120, time_limit=150)
def delete_remote_post(publication_id: int) -> None:
    _remote_call(publication_id, PublicationAttempt.Action.DELETE)


@shared_task(soft_time_limit=50, time_limit=60)
def publish_due() -> tuple[int, int]:
    return actions.publish_due()


# --- press e-mail ---------------------------------------------------------------

ATTACHMENT_BUDGET = 8 * 1024 * 1024  # above this the e-mail carries the media-kit link only


def _press_message(story: NewsStory, delivery: PressDelivery) -> EmailMessage:
    contact = delivery.contact
    unsubscribe = settings.SITE_URL + reverse("newsroom:unsubscribe", args=[actions.unsubscribe_token(contact)])
    photos = list(story.photos.all())
    sizes = sum(photo.web.size for photo in photos if photo.web)
    attach = sizes <= ATTACHMENT_BUDGET
    context = {
        "story": story,
        "contact": contact,
        "story_url": story.public_url(),
        "media_kit_url": settings.SITE_URL + reverse("newsroom:media_kit", args=[story.pk]),
        "unsubscribe_url": unsubscribe,
        "attached": attach and photos,
        "body_text": actions.text.body_text(story.body_html),
    }
    message = EmailMessage(
        subject=story.title,
        body=render_to_string("publishing/email/press_story.txt", context),
        to=[contact.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    if attach:
        for n, photo in enumerate(photos, start=1):
            with default_storage.open(photo.web.name, "rb") as handle:
                message.attach(f"{story.slug}-{n}.jpg", handle.read(), "image/jpeg")
    return message


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def send_press_mail(self: Any, story_id: int) -> int:
    """Send each pending delivery of the story once, one e-mail per journalist.

    A failed e-mail keeps its error; the task retries with backoff, and after the last retry the
    deliveries still failing are marked FAILED for staff to resend.
    """
    story = NewsStory.objects.filter(pk=story_id).first()
    if story is None or actions.approval_problem(story):
        return 0
    final = self.request.retries >= self.max_retries
    sent = 0
    failure: OSError | None = None
    pending = PressDelivery.objects.filter(story=story, status=PressDelivery.Status.PENDING).values_list(
        "pk", flat=True
    )
    with translation.override(settings.LANGUAGE_CODE):
        for pk in list(pending):
            try:
                with transaction.atomic():
                    delivery = (
                        PressDelivery.objects.select_for_update()
                        .select_related("contact")
                        .filter(pk=pk, status=PressDelivery.Status.PENDING)
                        .first()
                    )
                    if delivery is None:
                        continue
                    if not delivery.contact.receives_mail:
                        delivery.delete()
                        continue
                    _press_message(story, delivery).send()
                    delivery.status, delivery.sent_at = PressDelivery.Status.SENT, timezone.now()
                    delivery.error = ""
                    delivery.save(update_fields=["status", "sent_at", "error"])
                    sent += 1
            except OSError as exc:  # smtplib.SMTPException and connection errors
                log.warning("Press e-mail %s failed: %s", pk, exc)
                actions.record_press_mail_failure(delivery_id=pk, error=f"{type(exc).__name__}: {exc}", final=final)
                failure = failure or exc
    if failure is not None and not final:
        raise failure  # autoretry with backoff; the deliveries already sent are skipped next time
    return sent
