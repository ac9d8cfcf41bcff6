"""Reads of publishing channels, scoped to what each user may see.

The unit head and administrators manage the channels of their directorate;
the unit's other roles may pick among the active ones when publishing
(``channels_usable_by``); nobody else sees them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from pressdesk.channels.models import Channel
from pressdesk.lib.search import words_q
from pressdesk.organizations.queries import scope_q

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def can_manage_channels(user: User) -> bool:
    from pressdesk.accounts.models import Role

    return bool(user.is_authenticated and user.is_active and (user.is_admin or user.role == Role.UNIT_HEAD))


def channels_visible_to(user: User) -> QuerySet[Channel]:
    """Channels ``user`` may manage: those of organizations in their scope."""
    if not can_manage_channels(user):
        return Channel.objects.none()
    return Channel.objects.filter(scope_q(user))


def get_channel_for_user(user: User, pk: int) -> Channel:
    try:
        return channels_visible_to(user).select_related("organization").get(pk=pk)
    except Channel.DoesNotExist as exc:
        raise Http404 from exc


def channels_usable_by(user: User) -> QuerySet[Channel]:
    """Active channels ``user`` may publish to (the unit's roles and administrators, in scope)."""
    if not (user.is_authenticated and user.is_active and (user.is_admin or user.is_unit_member)):
        return Channel.objects.none()
    return Channel.objects.filter(scope_q(user), is_active=True)


def channel_list_for(user: User, *, text: str = "", health: str = "") -> QuerySet[Channel]:
    """The channel list: the channels ``user`` manages, by name, searched for ``text`` and of ``health``."""
    channels = channels_visible_to(user).select_related("organization").order_by("name", "pk")
    if text:
        channels = channels.filter(words_q(text, ["name", "account_id", "base_url"]))
    if health:
        channels = channels.filter(health=health)
    return channels
