"""Sending notifications: in-app rows now, e-mail through a Celery task after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pressdesk.lib.cached_counts import forget_on_commit, nav_key
from pressdesk.notifications.kinds import KIND_BY_CODE
from pressdesk.notifications.models import Notification, Preference
from pressdesk.notifications.queries import channels_for
from pressdesk.outbox.actions import enqueue

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


@transaction.atomic
def notify(*, recipients: Iterable[User], kind: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Tell ``recipients`` about something, on the channels each chose for ``kind``.

    In-app notifications are created in this transaction; e-mails are sent by
    a task after commit, so a rolled-back change never e-mails anybody. A user
    who turned both channels off gets nothing.
    """
    if kind not in KIND_BY_CODE:
        raise ValueError(f"Unknown notification kind {kind!r}")
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    channels = channels_for(list(people), kind)
    # The recipients' unread badges, cached for a few seconds, show the new rows at once.
    forget_on_commit(*(nav_key("unread", uid) for uid in people))
    rows = [
        Notification(recipient_id=uid, kind=kind, title=title[:255], body=body, url=url)
        for uid, (in_app, email) in channels.items()
        if in_app or email
    ]
    created = Notification.objects.bulk_create(rows)
    email_ids = [n.pk for n in created if channels[n.recipient_id][1]]
    # Rows only for e-mail (in-app off) are marked read so they don't show in the bell.
    app_off = [n.pk for n in created if not channels[n.recipient_id][0]]
    if app_off:
        Notification.objects.filter(pk__in=app_off).update(read_at=timezone.now())
    if email_ids:
        from pressdesk.notifications.tasks import send_notification_emails

        enqueue(send_notification_emails, email_ids)
    return created


def mark_read(*, actor: User, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    marked = qs.update(read_at=timezone.now())
    forget_on_commit(nav_key("unread", actor.pk))
    return marked


@transaction.atomic
def set_preferences(*, actor: User, choices: dict[str, tuple[bool, bool]]) -> None:
    for kind, (in_app, email) in choices.items():
        if kind not in KIND_BY_CODE:
            continue
        Preference.objects.update_or_create(user=actor, kind=kind, defaults={"in_app": in_app, "email": email})
