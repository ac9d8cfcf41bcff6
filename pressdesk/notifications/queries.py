from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from pressdesk.notifications.kinds import KIND_BY_CODE, KINDS
from pressdesk.notifications.models import Notification, Preference

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_for_user(user: User, pk: int) -> Notification | None:
    """One of ``user``'s own notifications, or None (another user's id reads as missing)."""
    return notifications_for(user).filter(pk=pk).first()


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def channels_for(user_ids: list[int], kind: str) -> dict[int, tuple[bool, bool]]:
    """(in_app, email) per user for ``kind``, defaults where the user chose nothing (one query)."""
    default = KIND_BY_CODE[kind]
    result = dict.fromkeys(user_ids, (True, default.email))
    for pref in Preference.objects.filter(user_id__in=user_ids, kind=kind):
        result[pref.user_id] = (pref.in_app, pref.email)
    return result


def preferences_table(user: User) -> list[tuple[str, Any, bool, bool]]:
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows: list[tuple[str, Any, bool, bool]] = []
    for kind in KINDS:
        pref = chosen.get(kind.code)
        rows.append((kind.code, kind.label, pref.in_app if pref else True, pref.email if pref else kind.email))
    return rows
