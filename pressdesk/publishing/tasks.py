"""Background work of publishing: one task per channel post, the press e-mails, the schedule.

``publish_publication`` never posts twice: it claims the publication
(``actions.claim_publication``: QUEUED/RETRYING → PUBLISHING under
``select_for_update``, committed before the network call); a second run finds
the claim or the recorded remote id and does nothing. The outcome is recorded
by actions (``record_published``, ``record_publish_error``: a retryable
``ChannelError`` puts it back to RETRYING and queues a retry with exponential
backoff and jitter); every call is a ``PublicationAttempt`` row.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pressdesk.channels.base import ChannelError, MediaFile, PostPayload
from pressdesk.channels.limits import LIMITS
from pressdesk.channels.registry import get_adapter
from pressdesk.publishing import actions, extensions, images
from pressdesk.publishing.models import NewsStory, PressDelivery, Publication, PublicationAttempt

log = logging.getLogger(__name__)


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
        media=_media_for(publication)
        + (tuple(extensions.videos(story)) if publication.channel.kind == "youtube" else ()),
        video_url=videos[0] if videos else "",
        idempotency_key=publication.idempotency_key,
    )


@shared_task(soft_time_limit=120, time_limit=150, acks_late=True)
def publish_publication(publication_id: int) -> None:
    """Post one publication. Retries are new runs of this task, counted by the publication's attempts."""
    publication = actions.claim_publication(publication_id=publication_id)
    if publication is None:
        return
    started_at = timezone.now()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            adapter = get_adapter(publication.channel)
            result = adapter.publish(_payload(publication))
    except ChannelError as exc:
        actions.record_publish_error(publication=publication, started_at=started_at, error=exc)
        return
    except Exception as exc:
        log.exception("Publishing %s failed", publication.pk)
        actions.record_publish_crash(publication=publication, started_at=started_at)
        if not isinstance(exc, (LookupError, OSError, ValueError)):
            raise
        return
    actions.record_published(publication=publication, started_at=started_at, remote_id=result.remote_id, url=result.url)


def _remote_call(publication_id: int, action: str) -> None:
    publication = actions.post_on_channel(publication_id=publication_id)
    if publication is None:
        return
    started_at = timezone.now()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            adapter = get_adapter(publication.channel)
            if action == PublicationAttempt.Action.DELETE:
                adapter.delete(publication.remote_id)
                url = ""
            else:
                url = adapter.update(publication.remote_id, _payload(publication)).url
    except ChannelError as exc:
        actions.record_remote_change(publication=publication, action=action, started_at=started_at, error=exc)
        return
    actions.record_remote_change(publication=publication, action=action, started_at=started_at, url=url)


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
    """The e-mail to one journalist. When the list is tracked (``delivery.tracked``), its links go through
    signed redirects and an HTML part carries a tracking image; the footer says so. Otherwise plain text only.
    """
    contact = delivery.contact
    unsubscribe = settings.SITE_URL + reverse("newsroom:unsubscribe", args=[actions.unsubscribe_token(contact)])
    photos = list(story.photos.all())
    sizes = sum(photo.web.size for photo in photos if photo.web)
    attach = sizes <= ATTACHMENT_BUDGET
    story_url = story.public_url()
    media_kit_url = settings.SITE_URL + reverse("newsroom:media_kit", args=[story.pk])

    def link(url: str) -> str:
        if not delivery.tracked:
            return url
        return settings.SITE_URL + reverse(
            "newsroom:press_mail_clicked", args=[actions.press_click_token(delivery, url)]
        )

    context = {
        "story": story,
        "contact": contact,
        "story_url": link(story_url),
        "media_kit_url": link(media_kit_url),
        "unsubscribe_url": unsubscribe,
        "privacy_url": settings.SITE_URL + reverse("mediarelations:privacy"),
        "attached": attach and photos,
        "body_text": actions.text.body_text(story.body_html),
        "tracked": delivery.tracked,
        "embargo_until": story.embargo_until if story.is_embargoed else None,
    }
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    body = render_to_string("publishing/email/press_story.txt", context)
    message: EmailMessage
    if delivery.tracked:
        pixel = settings.SITE_URL + reverse("newsroom:press_mail_opened", args=[actions.press_open_token(delivery)])
        html = render_to_string("publishing/email/press_story.html", {**context, "pixel_url": pixel})
        message = EmailMultiAlternatives(subject=story.title, body=body, to=[contact.email], headers=headers)
        message.attach_alternative(html, "text/html")
    else:
        message = EmailMessage(subject=story.title, body=body, to=[contact.email], headers=headers)
    from pressdesk.mediarelations.bounces import tag_message

    tag_message(message, "p", delivery.pk)  # bounces are matched back to this delivery
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
    from pressdesk.lib import turkish
    from pressdesk.mediarelations.queries import opted_out_addresses

    final = self.request.retries >= self.max_retries
    sent = 0
    failure: OSError | None = None
    rows = list(
        PressDelivery.objects.filter(story=story, status=PressDelivery.Status.PENDING).values_list(
            "pk", "contact__email", "contact__organization__path"
        )
    )
    pending = [pk for pk, _email, _path in rows]
    # An address a media contact of the province unsubscribed (or had flagged invalid) is skipped here too.
    opted_out = opted_out_addresses(email for _pk, email, _path in rows)
    refused = {
        pk
        for pk, email, path in rows
        if any(address == turkish.ascii_fold(email) and path.startswith(prefix) for address, prefix in opted_out)
    }
    with translation.override(settings.LANGUAGE_CODE):
        for pk in pending:
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
                    if not delivery.contact.receives_mail or pk in refused:
                        delivery.delete()  # as an unsubscribe here does: nothing waits for this address
                        continue
                    delivery.tracked = actions.tracks_press_mail(delivery.contact.organization_id)
                    _press_message(story, delivery).send()
                    delivery.status, delivery.sent_at = PressDelivery.Status.SENT, timezone.now()
                    delivery.error = ""
                    delivery.save(update_fields=["status", "sent_at", "error", "tracked"])
                    sent += 1
            except OSError as exc:  # smtplib.SMTPException and connection errors
                log.warning("Press e-mail %s failed: %s", pk, exc)
                actions.record_press_mail_failure(delivery_id=pk, error=f"{type(exc).__name__}: {exc}", final=final)
                failure = failure or exc
    if failure is not None and not final:
        raise failure  # autoretry with backoff; the deliveries already sent are skipped next time
    return sent
