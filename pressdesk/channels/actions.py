"""State changes of publishing channels: connect, edit, delete, check health, record outcomes, alert.

Credentials are only ever set here, encrypted (``Channel.set_credentials``);
an empty value in an edit keeps the stored one. Nothing here logs a
credential.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, ProtectedError, Q, QuerySet, RestrictedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.channels import queries
from pressdesk.channels.base import ChannelError, TokenHealth
from pressdesk.channels.models import Channel
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import in_scope
from pressdesk.outbox.actions import enqueue

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

log = logging.getLogger("pressdesk.channels")

# A channel is "failing" after this many faults in a row (a refused token counts at once).
FAILURE_THRESHOLD = 3

DOUBLE_SUBMIT_WINDOW = datetime.timedelta(seconds=30)

CHANNEL_FIELDS = ("name", "base_url", "account_id", "options", "token_expires_at", "is_active")


def _require_manager(actor: User, organization: Organization | None) -> None:
    if not queries.can_manage_channels(actor) or not in_scope(actor, organization):
        raise PermissionDenied


@transaction.atomic
def create_channel(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    name: str,
    credentials: Mapping[str, str],
    base_url: str = "",
    account_id: str = "",
    options: Mapping[str, Any] | None = None,
    token_expires_at: datetime.datetime | None = None,
    allow_internal_host: bool = False,
    is_active: bool = True,
) -> Channel:
    _require_manager(actor, organization)
    if allow_internal_host and not actor.is_admin:
        raise PermissionDenied
    # A double submit of the same form connects one channel, not two.
    duplicate = Channel.objects.filter(
        organization=organization,
        kind=kind,
        name=name,
        base_url=base_url,
        account_id=account_id,
        created_by=actor,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if duplicate is not None:
        return duplicate
    channel = Channel(
        organization=organization,
        kind=kind,
        name=name,
        base_url=base_url,
        account_id=account_id,
        options=dict(options or {}),
        token_expires_at=token_expires_at,
        allow_internal_host=allow_internal_host,
        is_active=is_active,
        created_by=actor,
    )
    channel.set_credentials({key: value for key, value in credentials.items() if value})
    channel.full_clean(exclude=["created_by"])
    channel.save()
    log.info("channel %s (%s) connected by user %s", channel.pk, kind, actor.pk)
    _enqueue_check(channel.pk)
    return channel


@transaction.atomic
def update_channel(
    *,
    actor: User,
    channel: Channel,
    credentials: Mapping[str, str] | None = None,
    allow_internal_host: bool | None = None,
    **fields: Any,
) -> Channel:
    """Change a channel's settings; a credential given empty keeps the stored one."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    _require_manager(actor, channel.organization)
    unknown = set(fields) - set(CHANNEL_FIELDS)
    if unknown:
        raise TypeError(f"unknown channel fields: {sorted(unknown)}")
    address_changed = "base_url" in fields and fields["base_url"] != channel.base_url
    for name, value in fields.items():
        setattr(channel, name, value)
    if allow_internal_host is not None and allow_internal_host != channel.allow_internal_host:
        if not actor.is_admin:
            raise PermissionDenied
        channel.allow_internal_host = allow_internal_host
    if address_changed and not actor.is_admin and channel.allow_internal_host:
        # The permission was for the host an administrator approved, not for wherever the channel points next.
        channel.allow_internal_host = False
        log.info("channel %s: internal-address permission dropped after an address change", channel.pk)
    new_secrets = {key: value for key, value in (credentials or {}).items() if value}
    reconnected = bool(new_secrets)
    if reconnected:
        merged = {**channel.get_credentials(), **new_secrets}
        channel.set_credentials(merged)
        # A new token deserves a fresh look and fresh alerts.
        channel.health = Channel.Health.UNKNOWN
        channel.consecutive_failures = 0
        channel.failure_alerted_at = None
        channel.last_error = ""
    if "token_expires_at" in fields and fields["token_expires_at"] != channel.expiry_alert_for:
        channel.expiry_alert_for = None
    channel.full_clean(exclude=["created_by"])
    channel.save()
    log.info("channel %s (%s) edited by user %s", channel.pk, channel.kind, actor.pk)
    if reconnected:
        _enqueue_check(channel.pk)
    return channel


@transaction.atomic
def delete_channel(*, actor: User, channel: Channel) -> bool:
    """Delete a channel; one that already has publications is deactivated instead (answers False)."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    _require_manager(actor, channel.organization)
    try:
        with transaction.atomic():
            channel.delete()
    except (ProtectedError, RestrictedError):
        channel.is_active = False
        channel.set_credentials({})  # the token is no longer needed: forget it
        channel.save(update_fields=["is_active", "credentials_encrypted", "credentials_updated_at"])
        log.info("channel %s deactivated (it has publications) by user %s", channel.pk, actor.pk)
        return False
    log.info("channel %s deleted by user %s", channel.pk, actor.pk)
    return True


def request_check(*, actor: User, channel: Channel) -> None:
    """ "Check now": run the health check in the background."""
    _require_manager(actor, channel.organization)
    _enqueue_check(channel.pk)


def _enqueue_check(channel_id: int) -> None:
    from pressdesk.channels.tasks import check_channel_task

    enqueue(check_channel_task, channel_id)


# --- Health -------------------------------------------------------------------


def check_channel(*, channel_id: int) -> TokenHealth | None:
    """Ask the network whether the channel's token works and record the answer.

    The HTTP call happens outside any transaction; the row is then updated
    under a lock. Answers ``None`` for a deleted or inactive channel.
    """
    from pressdesk.channels.crypto import CredentialsUnreadable
    from pressdesk.channels.registry import get_adapter

    channel = Channel.objects.filter(pk=channel_id, is_active=True).first()
    if channel is None:
        return None
    try:
        adapter = get_adapter(channel)
        health = adapter.check()
    except CredentialsUnreadable:
        health = TokenHealth(ok=False, message=_("The stored token cannot be decrypted; connect the channel again."))
    except LookupError:
        health = TokenHealth(ok=False, message=_("This kind of channel cannot be checked yet."))
    _record_check(channel_id, health)
    return health


@transaction.atomic
def _record_check(channel_id: int, health: TokenHealth) -> None:
    channel = Channel.objects.select_for_update().filter(pk=channel_id).first()
    if channel is None:
        return
    now = timezone.now()
    channel.last_checked_at = now
    if health.expires_at is not None:
        if health.expires_at != channel.token_expires_at:
            channel.expiry_alert_for = None
        channel.token_expires_at = health.expires_at
    if health.ok:
        _mark_ok(channel, now)
    else:
        _mark_fault(channel, health.message, token_invalid=health.token_invalid, count_as=FAILURE_THRESHOLD)
    channel.save()


def is_channel_fault(error: ChannelError) -> bool:
    """A refused token, a server error or an unreachable network; not a rate limit or a refused post."""
    return error.token_invalid or (error.retryable and error.status != 429)


@transaction.atomic
def record_outcome(*, channel_id: int, error: ChannelError | None) -> None:
    """Record how a call of a channel's adapter ended (adapters call this; see ``adapters/http.py``)."""
    channel = Channel.objects.select_for_update().filter(pk=channel_id).first()
    if channel is None:
        return
    now = timezone.now()
    if error is None:
        _mark_ok(channel, now)
    elif is_channel_fault(error):
        _mark_fault(channel, error.message, token_invalid=error.token_invalid)
    else:
        return
    channel.save()


def _mark_ok(channel: Channel, now: datetime.datetime) -> None:
    channel.health = Channel.Health.OK
    channel.last_success_at = now
    channel.last_error = ""
    channel.consecutive_failures = 0
    channel.failure_alerted_at = None


def _mark_fault(channel: Channel, message: str, *, token_invalid: bool, count_as: int = 1) -> None:
    channel.last_error = message
    channel.consecutive_failures += 1
    if token_invalid:
        channel.health = Channel.Health.TOKEN_INVALID
    elif channel.consecutive_failures >= FAILURE_THRESHOLD or count_as >= FAILURE_THRESHOLD:
        channel.health = Channel.Health.FAILING
    if channel.health in (Channel.Health.FAILING, Channel.Health.TOKEN_INVALID) and channel.failure_alerted_at is None:
        channel.failure_alerted_at = timezone.now()
        _alert_failing(channel)


# --- Alerts -------------------------------------------------------------------


def alert_recipients(channel: Channel) -> QuerySet[User]:
    """The unit heads and administrators of the channel's organization (its subtree)."""
    from pressdesk.accounts.models import Role, User

    return User.objects.filter(
        Q(organization__path__startswith=channel.organization.path),
        role__in=[Role.UNIT_HEAD, Role.ADMIN],
        is_active=True,
    )


def _alert_failing(channel: Channel) -> None:
    from pressdesk.notifications.actions import notify

    recipients = list(alert_recipients(channel))
    channel_id = channel.pk
    title = _("Channel %(name)s is failing: %(error)s") % {"name": channel.name, "error": channel.last_error}
    url = reverse("channels:edit", args=[channel_id])
    transaction.on_commit(lambda: notify(recipients=recipients, kind="channel_failing", title=title, url=url))


@transaction.atomic
def alert_expiring_tokens(*, now: datetime.datetime | None = None) -> int:
    """Tell the unit heads about tokens expiring within the warning period, once per expiry date."""
    from pressdesk.notifications.actions import notify

    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.CHANNEL_TOKEN_EXPIRY_WARNING_DAYS)
    due = (
        Channel.objects.select_for_update()
        .select_related("organization")
        .filter(is_active=True, token_expires_at__isnull=False, token_expires_at__lte=horizon)
        .exclude(expiry_alert_for=F("token_expires_at"))
    )
    count = 0
    for channel in due:
        assert channel.token_expires_at is not None
        local = timezone.localtime(channel.token_expires_at)
        if channel.token_expires_at <= now:
            title = _("The token of channel %(name)s expired on %(date)s; connect it again.") % {
                "name": channel.name,
                "date": local.strftime("%d.%m.%Y"),
            }
        else:
            title = _("The token of channel %(name)s expires on %(date)s; renew it before then.") % {
                "name": channel.name,
                "date": local.strftime("%d.%m.%Y"),
            }
        notify(
            recipients=alert_recipients(channel),
            kind="channel_token_expiring",
            title=title,
            url=reverse("channels:edit", args=[channel.pk]),
        )
        channel.expiry_alert_for = channel.token_expires_at
        channel.save(update_fields=["expiry_alert_for"])
        count += 1
    return count


@transaction.atomic
def store_refreshed_credentials(*, channel_id: int, values: Mapping[str, str]) -> None:
    """Keep tokens a network rotated on refresh (X's refresh tokens are single-use)."""
    channel = Channel.objects.select_for_update().filter(pk=channel_id).first()
    if channel is None:
        return
    channel.set_credentials({**channel.get_credentials(), **{k: v for k, v in values.items() if v}})
    channel.save(update_fields=["credentials_encrypted", "credentials_updated_at"])
