"""WebSub (W3C WebSub, PubSubHubbub 0.4) for feed sources whose feed advertises a hub.

* **Discovery**: each poll of a feed notes its ``<link rel="hub">`` and ``rel="self"``
  (Atom, or ``atom:link`` in RSS) in ``source.state`` (``note_links``).
* **Subscription**: only when the installation has a public address (``enabled``:
  ``MONITORING_WEBSUB`` = ``auto`` follows ``SITE_URL``) and the source does not say
  ``config["websub"] = false``. The beat task ``maintain_websub`` posts
  ``hub.mode=subscribe`` through the SSRF-guarded client, with an unguessable callback
  per source and a random secret per subscription, and renews the lease before it ends.
* **Callback** (``websub_views.callback``): the hub's verification is answered only for a
  request we have outstanding; a pushed body is kept only when its ``X-Hub-Signature``
  matches, and a background task (through the outbox) hands it to the same parse and
  ingest as a poll, so matching, alerts and duplicates work the same.
* **Health and fall-back**: the source's ``StreamStatus`` shows the subscription
  (connected while verified and within its lease); while it is live the source is polled
  only every ``SAFETY_POLL`` seconds; when the lease lapses or the hub refuses, the source
  is due at once.
* **Unsubscription**: when the source stops being followed (deactivated, deleted, its feed
  no longer advertises the hub or moved to another, ``websub`` turned off, or the
  installation lost its public address), the subscription is detached from the source
  (which falls back to polling, or stops) and the beat posts ``hub.mode=unsubscribe`` with
  the callback the hub knows. The callback verifies an unsubscription only for a
  subscription that is being unsubscribed (404 otherwise), then records it closed; pushes
  to a closed or closing subscription are refused with ``410 Gone`` and never ingested.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
from collections.abc import Callable
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from pressdesk.lib import safehttp
from pressdesk.monitoring.ingest import ingest_entries, site_of
from pressdesk.monitoring.models import Source, StreamStatus, WebSubDelivery, WebSubSubscription
from pressdesk.monitoring.normalize import web_url
from pressdesk.monitoring.parsing import FeedParseError, parse_feed

log = logging.getLogger(__name__)

LEASE_SECONDS = 7 * 24 * 3600  # asked of the hub; the hub decides
SAFETY_POLL = 3600  # seconds between polls while a subscription is live (hubs do lose pings)
VERIFY_WAIT = 600  # seconds a subscription request may wait for the hub's verification
MAX_BODY = 2 * 1024 * 1024  # bytes of a pushed body
MAX_BACKOFF = 6 * 3600
UNSUBSCRIBE_ATTEMPTS = 3  # after these the subscription is closed anyway (the hub's lease then lapses)
CLOSED_KEPT = datetime.timedelta(days=30)  # closed subscriptions kept for the record
SIGNATURE_METHODS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}

_LINK = re.compile(rb"<(?:[\w-]+:)?link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


# --- Discovery ------------------------------------------------------------------------------


def discover(body: bytes, base_url: str = "") -> tuple[str, str]:
    """The hub and self addresses a feed advertises (``("", "")`` when it advertises none)."""
    head = body[:262144]
    if b"hub" not in head:
        return "", ""
    hub = self_url = ""
    for tag in _LINK.finditer(head):
        attrs = {
            m.group(1).lower().decode("ascii", "replace"): (m.group(2) or m.group(3) or b"").decode("utf-8", "replace")
            for m in _ATTR.finditer(tag.group(0))
        }
        rels = attrs.get("rel", "").lower().split()
        href = web_url(unescape(attrs.get("href", "")).strip(), base_url)
        if not href:
            continue
        if "hub" in rels and not hub:
            hub = href
        if "self" in rels and not self_url:
            self_url = href
    return (hub, self_url) if hub else ("", "")


def note_links(source: Source, body: bytes, base_url: str = "") -> None:
    """Keep the feed's hub and self addresses in ``source.state`` (saved only when they change)."""
    hub, self_url = discover(body, base_url)
    state = dict(source.state or {})
    if state.get("websub_hub", "") == hub and state.get("websub_self", "") == self_url:
        return
    state["websub_hub"], state["websub_self"] = hub, self_url
    if not hub:
        state.pop("websub_hub", None)
        state.pop("websub_self", None)
    source.state = state
    Source.objects.filter(pk=source.pk).update(state=state)


# --- Configuration --------------------------------------------------------------------------


def _public_host(host: str) -> bool:
    if not host or host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return address.is_global


def enabled() -> bool:
    """Whether hubs can reach this installation: ``MONITORING_WEBSUB`` on/off, or ``auto`` (a public ``SITE_URL``)."""
    mode = str(getattr(settings, "MONITORING_WEBSUB", "auto")).lower()
    if mode in ("on", "true", "1", "yes"):
        return True
    if mode in ("off", "false", "0", "no"):
        return False
    return _public_host((urlsplit(settings.SITE_URL).hostname or "").lower())


def wanted(source: Source) -> bool:
    return (
        source.is_active
        and source.kind == Source.Kind.FEED
        and bool((source.state or {}).get("websub_hub"))
        and (source.config or {}).get("websub", True) is not False
    )


def callback_url(subscription: WebSubSubscription) -> str:
    return settings.SITE_URL + reverse("monitoring:websub_callback", args=[subscription.token])


# --- Subscribing ----------------------------------------------------------------------------


def _internal_hub_allowed(source: Source, hub: str) -> bool:
    # An internal hub is allowed only for a source allowed an internal address, on its own host.
    return source.allowed_private and site_of(hub) == site_of(source.url)


def _client_for(source: Source, hub: str) -> httpx.Client:
    allow = (site_of(hub),) if _internal_hub_allowed(source, hub) else ()
    return safehttp.safe_client(allow=allow, max_bytes=65536)


def _client_for_closing(subscription: WebSubSubscription) -> httpx.Client:
    """The client for a detached subscription: what was allowed when it subscribed."""
    allow = (site_of(subscription.hub),) if subscription.internal_hub else ()
    return safehttp.safe_client(allow=allow, max_bytes=65536)


def subscribe(subscription: WebSubSubscription, *, now: datetime.datetime, client: httpx.Client | None = None) -> bool:
    """Ask the hub for (or to renew) the subscription; ``True`` when the hub accepted the request."""
    source = subscription.source
    assert source is not None
    # The callback the hub knows is kept: an unsubscription must name the same one.
    subscription.callback = subscription.callback or callback_url(subscription)
    subscription.internal_hub = _internal_hub_allowed(source, subscription.hub)
    data = {
        "hub.mode": "subscribe",
        "hub.topic": subscription.topic,
        "hub.callback": subscription.callback,
        "hub.secret": subscription.secret,
        "hub.lease_seconds": str(LEASE_SECONDS),
    }
    # The request is recorded before the hub is asked: a hub may verify before its answer arrives.
    subscription.requested_at = now
    subscription.next_attempt_at = now + datetime.timedelta(seconds=VERIFY_WAIT)
    subscription.save(update_fields=["requested_at", "next_attempt_at", "callback", "internal_hub"])
    if not subscription.is_live:
        StreamStatus.objects.update_or_create(
            source_id=source.pk,
            defaults={"state": StreamStatus.State.CONNECTING, "updated_at": now},
        )
    error = ""
    try:
        with client or _client_for(source, subscription.hub) as http:
            response = http.post(subscription.hub, data=data)
        if response.status_code not in (202, 204, 200):
            error = f"HTTP {response.status_code}: {response.text[:300]}"
    except Exception as exc:  # recorded on the subscription, never raised into the beat
        error = f"{exc.__class__.__name__}: {exc}"
    if not error:
        return True
    subscription.refresh_from_db()  # the callback may have written meanwhile
    subscription.attempts += 1
    subscription.next_attempt_at = now + datetime.timedelta(seconds=min(MAX_BACKOFF, 60 * 2**subscription.attempts))
    subscription.last_error = error
    subscription.requested_at = None
    if not subscription.is_live:
        subscription.state = WebSubSubscription.State.FAILED
        _lapsed(source.pk, error)
    subscription.save()
    return False


def stop(subscription: WebSubSubscription, *, now: datetime.datetime, reason: str) -> None:
    """The source is no longer followed through this subscription: detach it, and unsubscribe.

    The source loses its push status and, when still active, is due for polling at once.
    A subscription the hub may hold (live, or a request outstanding) waits in ``closing``
    for ``unsubscribe``; one the hub holds nothing of is closed at once.
    """
    with transaction.atomic():
        # Locked and read again: the hub's verification may be writing to it at this moment.
        locked = WebSubSubscription.objects.select_for_update().filter(pk=subscription.pk).first()
        if locked is not None:
            _detach(locked, now=now, reason=reason)


def _detach(subscription: WebSubSubscription, *, now: datetime.datetime, reason: str) -> None:
    source_id = subscription.source_id
    if source_id is not None:
        StreamStatus.objects.filter(source_id=source_id).delete()
        Source.objects.filter(pk=source_id, is_active=True).update(next_check_at=now)
    hub_holds = subscription.is_live or subscription.requested_at is not None
    subscription.source = None
    subscription.last_error = reason
    subscription.requested_at = None
    subscription.next_attempt_at = None
    subscription.attempts = 0
    if hub_holds:
        subscription.state = WebSubSubscription.State.CLOSING
    else:
        subscription.state = WebSubSubscription.State.CLOSED
        subscription.closed_at = now
    subscription.save()


def unsubscribe(
    subscription: WebSubSubscription, *, now: datetime.datetime, client: httpx.Client | None = None
) -> bool:
    """Ask the hub to end a ``closing`` subscription; ``True`` when the hub accepted the request."""
    data = {
        "hub.mode": "unsubscribe",
        "hub.topic": subscription.topic,
        "hub.callback": subscription.callback or callback_url(subscription),
    }
    # Recorded before the hub is asked: a hub may verify before its answer arrives.
    subscription.requested_at = now
    subscription.next_attempt_at = now + datetime.timedelta(seconds=VERIFY_WAIT)
    subscription.save(update_fields=["requested_at", "next_attempt_at"])
    error = ""
    try:
        with client or _client_for_closing(subscription) as http:
            response = http.post(subscription.hub, data=data)
        if response.status_code not in (202, 204, 200):
            error = f"HTTP {response.status_code}: {response.text[:300]}"
    except Exception as exc:  # recorded on the subscription, never raised into the beat
        error = f"{exc.__class__.__name__}: {exc}"
    if not error:
        return True
    subscription.refresh_from_db()  # the callback may have written meanwhile
    if subscription.state != WebSubSubscription.State.CLOSING:
        return False
    _unsubscribe_failed(subscription, now=now, error=error)
    return False


def _unsubscribe_failed(subscription: WebSubSubscription, *, now: datetime.datetime, error: str) -> None:
    subscription.attempts += 1
    subscription.requested_at = None
    subscription.last_error = error
    if subscription.attempts >= UNSUBSCRIBE_ATTEMPTS:
        # Nothing more to ask: the hub's lease ends by itself, and pushes meanwhile get 410.
        subscription.state = WebSubSubscription.State.CLOSED
        subscription.closed_at = now
        subscription.next_attempt_at = None
    else:
        subscription.next_attempt_at = now + datetime.timedelta(seconds=min(MAX_BACKOFF, 60 * 2**subscription.attempts))
    subscription.save()


def _lapsed(source_id: int, error: str) -> None:
    """The push is gone: show it and make the source due for polling at once."""
    now = timezone.now()
    status, _created = StreamStatus.objects.get_or_create(source_id=source_id)
    if status.state == StreamStatus.State.CONNECTED:
        status.disconnects += 1
    status.state = StreamStatus.State.DISCONNECTED
    status.connected_since = None
    status.last_error = error
    status.updated_at = now
    status.save()
    Source.objects.filter(pk=source_id).update(next_check_at=now)


def _needs_request(subscription: WebSubSubscription, now: datetime.datetime) -> bool:
    if subscription.next_attempt_at and subscription.next_attempt_at > now:
        return False
    if subscription.requested_at is not None:  # the hub never verified: try again (after back-off)
        return True
    if subscription.is_live:
        assert subscription.expires_at is not None and subscription.verified_at is not None
        lease = (subscription.expires_at - subscription.verified_at).total_seconds()
        margin = min(3600.0, lease / 2)
        return (subscription.expires_at - now).total_seconds() <= margin
    return True


def maintain(*, now: datetime.datetime | None = None, client_for: Callable[..., Any] | None = None) -> dict[str, int]:
    """The beat's round: lapse ended leases, (re)subscribe, and keep live sources' polls relaxed."""
    now = now or timezone.now()
    counts = {"subscribed": 0, "lapsed": 0, "live": 0, "unsubscribed": 0}
    on = enabled()
    closing_states = (WebSubSubscription.State.CLOSING, WebSubSubscription.State.CLOSED)
    # Sources no longer followed through their subscription: detached, and unsubscribed below.
    for subscription in WebSubSubscription.objects.exclude(state__in=closing_states).select_related("source"):
        source = subscription.source
        if source is None:
            reason = "The source was deleted."
        elif not on:
            reason = "The installation has no public address for WebSub."
        elif not wanted(source):
            reason = "The source is no longer followed through WebSub."
        elif subscription.hub != (source.state or {}).get("websub_hub") or subscription.topic != (
            (source.state or {}).get("websub_self") or source.url
        ):
            reason = "The feed advertises another hub or address."
        elif subscription.callback and subscription.callback != callback_url(subscription):
            reason = "The installation's public address changed."
        else:
            continue
        stop(subscription, now=now, reason=reason)
    # Leases that ended, and requests never verified: back to polling at once.
    attached = WebSubSubscription.objects.filter(source__isnull=False)
    for subscription in attached.filter(state=WebSubSubscription.State.VERIFIED, expires_at__lte=now):
        assert subscription.source_id is not None
        subscription.state = WebSubSubscription.State.EXPIRED
        subscription.save(update_fields=["state"])
        _lapsed(subscription.source_id, "WebSub lease expired")
        counts["lapsed"] += 1
    stale = now - datetime.timedelta(seconds=VERIFY_WAIT)
    for subscription in WebSubSubscription.objects.filter(requested_at__lt=stale):
        if subscription.state == WebSubSubscription.State.CLOSING:
            _unsubscribe_failed(subscription, now=now, error="The hub did not verify the unsubscription.")
            continue
        subscription.requested_at = None
        subscription.attempts += 1
        subscription.last_error = "The hub did not verify the subscription."
        if not subscription.is_live:
            subscription.state = WebSubSubscription.State.FAILED
            if subscription.source_id is not None:
                _lapsed(subscription.source_id, subscription.last_error)
        subscription.save()
    if on:
        feeds = Source.objects.filter(is_active=True, kind=Source.Kind.FEED, state__has_key="websub_hub")
        existing = {s.source_id: s for s in WebSubSubscription.objects.filter(source__in=feeds.values("pk"))}
        for source in feeds.order_by("pk"):
            if not wanted(source):
                continue
            found = existing.get(source.pk)
            state = source.state or {}
            if found is not None:
                subscription = found
            else:
                subscription = WebSubSubscription.objects.create(
                    source=source,
                    hub=state["websub_hub"],
                    topic=state.get("websub_self") or source.url,
                    token=secrets.token_urlsafe(32),
                    secret=secrets.token_hex(32),
                )
            subscription.source = source
            if _needs_request(subscription, now):
                make = client_for(source, subscription.hub) if client_for else None
                counts["subscribed"] += subscribe(subscription, now=now, client=make)
    WebSubSubscription.objects.filter(state=WebSubSubscription.State.CLOSED, closed_at__lt=now - CLOSED_KEPT).delete()
    # Live subscriptions: a sign of life on the health page, and the poll moved ahead.
    live = WebSubSubscription.objects.filter(state=WebSubSubscription.State.VERIFIED, expires_at__gt=now)
    ids = list(live.values_list("source_id", flat=True))
    if ids:
        StreamStatus.objects.filter(source_id__in=ids).update(
            state=StreamStatus.State.CONNECTED, heartbeat_at=now, updated_at=now
        )
        relax_polls(ids, now=now)
    counts["live"] = len(ids)
    # Unsubscriptions to ask for, last: the hub's verification (which closes them) may come at once.
    closing = WebSubSubscription.objects.filter(state=WebSubSubscription.State.CLOSING, requested_at__isnull=True)
    for subscription in closing.order_by("pk"):
        if subscription.next_attempt_at and subscription.next_attempt_at > now:
            continue
        make = client_for(None, subscription.hub) if client_for else None
        counts["unsubscribed"] += unsubscribe(subscription, now=now, client=make)
    return counts


def relax_polls(source_ids: list[int], *, now: datetime.datetime) -> None:
    for source in Source.objects.filter(pk__in=source_ids).only("pk", "next_check_at", "last_checked_at"):
        ahead = (source.last_checked_at or now) + datetime.timedelta(seconds=SAFETY_POLL)
        if source.next_check_at is None or source.next_check_at < ahead:
            Source.objects.filter(pk=source.pk).update(next_check_at=ahead)


# --- The callback ---------------------------------------------------------------------------


def verify_intent(token: str, params: dict[str, str]) -> str | None:
    """The challenge to echo for the hub's verification request, or ``None`` (answer 404)."""
    with transaction.atomic():
        return _verify_intent(token, params)


def _verify_intent(token: str, params: dict[str, str]) -> str | None:
    # Locked: the beat may be detaching the subscription from its source at this moment.
    subscription = WebSubSubscription.objects.select_for_update().filter(token=token).first()
    if subscription is None:
        return None
    mode, topic = params.get("hub.mode", ""), params.get("hub.topic", "")
    now = timezone.now()
    if topic != subscription.topic:
        return None
    if subscription.source_id is None or subscription.state in (
        WebSubSubscription.State.CLOSING,
        WebSubSubscription.State.CLOSED,
    ):
        return _verify_unsubscription(subscription, mode, params.get("hub.challenge", ""), now)
    if mode == "denied":
        subscription.state = WebSubSubscription.State.DENIED
        subscription.requested_at = None
        subscription.last_error = params.get("hub.reason", "") or "The hub refused the subscription."
        subscription.attempts += 1
        subscription.next_attempt_at = now + datetime.timedelta(seconds=MAX_BACKOFF)
        subscription.save()
        _lapsed(subscription.source_id, subscription.last_error)
        return ""
    challenge = params.get("hub.challenge", "")
    if mode != "subscribe" or subscription.requested_at is None or not challenge:
        return None
    try:
        lease = max(60, int(params.get("hub.lease_seconds") or LEASE_SECONDS))
    except ValueError:
        lease = LEASE_SECONDS
    was_live = subscription.is_live
    subscription.state = WebSubSubscription.State.VERIFIED
    subscription.requested_at = None
    subscription.verified_at = now
    subscription.expires_at = now + datetime.timedelta(seconds=lease)
    subscription.attempts = 0
    subscription.next_attempt_at = None
    subscription.last_error = ""
    subscription.save()
    defaults: dict[str, Any] = {"state": StreamStatus.State.CONNECTED, "heartbeat_at": now, "updated_at": now}
    if not was_live:
        defaults["connected_since"] = now
        defaults["last_error"] = ""
    StreamStatus.objects.update_or_create(source_id=subscription.source_id, defaults=defaults)
    relax_polls([subscription.source_id], now=now)
    return challenge


def _verify_unsubscription(
    subscription: WebSubSubscription, mode: str, challenge: str, now: datetime.datetime
) -> str | None:
    """Only the unsubscription we asked for, and still outstanding, is confirmed; then it is closed."""
    outstanding = subscription.state == WebSubSubscription.State.CLOSING and subscription.requested_at is not None
    if mode != "unsubscribe" or not outstanding or not challenge:
        return None
    subscription.state = WebSubSubscription.State.CLOSED
    subscription.requested_at = None
    subscription.next_attempt_at = None
    subscription.expires_at = None
    subscription.closed_at = now
    subscription.last_error = ""
    subscription.save()
    return challenge


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    method, _sep, given = header.strip().partition("=")
    digest = SIGNATURE_METHODS.get(method.strip().lower())
    if digest is None or not given:
        return False
    expected = hmac.new(secret.encode(), body, digest).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


def receive(token: str, body: bytes, *, signature: str, content_type: str) -> int | None:
    """A pushed body: kept and queued for ingest when correctly signed. The HTTP status to answer."""
    from pressdesk.monitoring import tasks
    from pressdesk.outbox.actions import enqueue

    subscription = WebSubSubscription.objects.filter(token=token).first()
    if subscription is None:
        return None
    if subscription.source_id is None or subscription.state in (
        WebSubSubscription.State.CLOSING,
        WebSubSubscription.State.CLOSED,
    ):
        # Unsubscribed (or being): nothing is kept; 410 tells the hub the subscription is gone.
        log.info("WebSub push to the closed subscription %s refused", subscription.pk)
        return 410
    if not signature_ok(subscription.secret, body, signature):
        # The spec: ignore it locally; a 2xx keeps a forger from learning anything.
        WebSubSubscription.objects.filter(pk=subscription.pk).update(bad_signatures=F("bad_signatures") + 1)
        log.warning("WebSub push for source %s with a wrong signature ignored", subscription.source_id)
        return 202
    with transaction.atomic():
        delivery = WebSubDelivery.objects.create(
            subscription=subscription, body=body, content_type=content_type[:200], received_at=timezone.now()
        )
        enqueue(tasks.ingest_websub_delivery, delivery.pk)
    return 202


def ingest_delivery(delivery_id: int) -> int | None:
    """Parse and ingest a kept body as a poll would; the number of new items (``None`` when gone)."""
    delivery = WebSubDelivery.objects.select_related("subscription__source__outlet").filter(pk=delivery_id).first()
    if delivery is None:
        return None
    subscription = delivery.subscription
    source = subscription.source
    if source is None or subscription.state in (
        WebSubSubscription.State.CLOSING,
        WebSubSubscription.State.CLOSED,
    ):
        delivery.delete()  # received before the source stopped being followed: not ingested
        return 0
    now = timezone.now()
    new_items = 0
    malformed = 0
    try:
        feed = parse_feed(
            bytes(delivery.body), content_type=delivery.content_type, fetched_at=now, base_url=subscription.topic
        )
        if source.is_active:
            new_items = ingest_entries(source=source, entries=feed.entries, fetched_at=now).new_items
    except FeedParseError as exc:
        malformed = 1
        WebSubSubscription.objects.filter(pk=subscription.pk).update(last_error=f"Pushed body: {exc}"[:2000])
    WebSubSubscription.objects.filter(pk=subscription.pk).update(deliveries=F("deliveries") + 1)
    status, _created = StreamStatus.objects.get_or_create(source_id=source.pk)
    StreamStatus.objects.filter(pk=status.pk).update(
        events=F("events") + (1 - malformed),
        malformed=F("malformed") + malformed,
        last_event_at=now,
        updated_at=now,
    )
    if new_items:
        Source.objects.filter(pk=source.pk).update(last_new_item_at=now)
    delivery.delete()
    return new_items
