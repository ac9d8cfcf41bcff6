"""The e-mail of a release to one contact: text, embargo line, photos attached or a media-kit link, KVKK footer."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from pressdesk.mediarelations import bounces
from pressdesk.mediarelations.models import Delivery, Release

KIT_SALT = "mediarelations.kit"


def kit_token(release: Release) -> str:
    return signing.dumps(release.pk, salt=KIT_SALT)


def photo_names(release: Release) -> list[str]:
    return [name for item in release.items.all() for name in item.photos]


def attachments_size(release: Release) -> int:
    total = 0
    for name in photo_names(release):
        try:
            total += default_storage.size(name)
        except OSError:
            continue
    return total


def fits_in_mail(release: Release) -> bool:
    return attachments_size(release) <= settings.MEDIARELATIONS_MAIL_MAX_BYTES


def build(delivery: Delivery, *, unsubscribe_token: str, attach: bool) -> EmailMessage:
    release = delivery.release
    context = {
        "release": release,
        "items": list(release.items.all()),
        "delivery": delivery,
        "kit_url": None if attach else settings.SITE_URL + reverse("mediarelations:kit", args=[kit_token(release)]),
        "unsubscribe_url": settings.SITE_URL + reverse("mediarelations:unsubscribe", args=[unsubscribe_token]),
        "privacy_url": settings.SITE_URL + reverse("mediarelations:privacy"),
    }
    body = render_to_string("mediarelations/email/release.txt", context)
    subject = f"{release.get_kind_display()}: {release.title}"
    message = EmailMessage(subject=subject, body=body, to=[delivery.email])
    message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    bounces.tag_message(message, "r", delivery.pk)
    if attach:
        for name in photo_names(release):
            try:
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            message.attach(PurePath(name).name, data, mime)
    return message
