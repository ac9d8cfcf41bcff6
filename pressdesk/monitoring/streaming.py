"""Push sources (issue 30, point 6): Mastodon's streaming API and Bluesky's Jetstream, fed into the same ingest.

``manage.py monitoring_stream`` runs one ``MastodonConsumer`` per Mastodon source
(server-sent events from ``/api/v1/streaming/hashtag?tag=…`` or
``/api/v1/streaming/public/local`` filtered to the followed account) and one
``JetstreamConsumer`` for every Bluesky source (a WebSocket to Jetstream asking
for ``app.bsky.feed.post`` of the followed accounts' DIDs; search sources get
every post and keep only those matching their query). Each post becomes the same
``ParsedEntry`` the poller makes (same GUID, so a post seen by both is stored
once) and goes through ``ingest.ingest_entries``: de-duplication, matching,
clustering, sentiment and alerts as for every item.

Health and the fall-back to polling: while connected, a consumer writes a sign of
life (``StreamStatus.heartbeat_at``) every ``HEARTBEAT`` seconds and pushes the
source's next poll ``HOLD`` seconds ahead; when the connection drops (or the
process dies) the source is due again and the poller takes over until the
stream is back. Reconnection backs off exponentially with jitter up to
``MAX_BACKOFF``; a malformed event is counted and skipped, never fatal.

The WebSocket client is a small RFC 6455 client on a socket opened only to an
address ``lib/netguard.py`` approved; SSE goes through ``lib/safehttp.py``.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import hashlib
import json
import logging
import os
import random
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from django.db import close_old_connections, connection
from django.db.models import F
from django.utils import timezone

from pressdesk.lib import netguard, safehttp
from pressdesk.monitoring.ingest import DEFAULT_ENGINES, Engines, ingest_entries, site_of
from pressdesk.monitoring.models import Source, StreamStatus
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.monitoring.sources import bluesky, mastodon
from pressdesk.monitoring.sources.base import clamp_future, parse_iso, post_title, text_to_html

log = logging.getLogger(__name__)

HEARTBEAT = 15.0  # seconds between two signs of life written while connected
HOLD = 120  # seconds the poller leaves a live source alone (two heartbeats lost = polling again)
MAX_BACKOFF = 60.0
STABLE_AFTER = 30.0  # a connection up this long resets the back-off
READ_TIMEOUT = 75.0  # Mastodon sends a heartbeat comment every ~15 s, Jetstream a stream of events
SESSION_SECONDS = 3600.0  # an SSE request is renewed after this (safehttp's wall-clock deadline)
FLUSH_SECONDS = 0.2  # entries are ingested in small batches at most this late
FLUSH_SIZE = 50
MAX_EVENT_BYTES = 1024 * 1024
ERROR_CHARS = 500


class StreamError(Exception):
    """The connection failed or was closed; the consumer reconnects after a back-off."""


# --- Server-sent events -----------------------------------------------------------


@dataclass
class SSEEvent:
    event: str = "message"
    data: str = ""


def parse_sse(lines: Iterator[str]) -> Iterator[SSEEvent]:
    """Events of a ``text/event-stream`` (comments such as Mastodon's ``:thump`` are skipped)."""
    event, data = "message", list[str]()
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield SSEEvent(event=event, data="\n".join(data))
            event, data = "message", []
            continue
        if line.startswith(":"):
            continue
        name, _sep, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
            if sum(len(part) for part in data) > MAX_EVENT_BYTES:
                raise StreamError("An event larger than 1 MB")
    if data:
        yield SSEEvent(event=event, data="\n".join(data))


# --- A small WebSocket client (RFC 6455) ------------------------------------------------

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocket:
    """A client connection: text messages in, pings answered, frames to us never masked, ours always masked."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = b""

    @classmethod
    def connect(
        cls, url: str, *, allow: Sequence[str] = (), timeout: float = 10.0, read_timeout: float = READ_TIMEOUT
    ) -> WebSocket:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("ws", "wss"):
            raise StreamError(f"Not a WebSocket address: {scheme or 'none'}")
        host = parts.hostname or ""
        port = parts.port or (443 if scheme == "wss" else 80)
        try:
            addresses = netguard.check_host(host, port, allow=allow)
        except httpx.HTTPError as exc:
            raise StreamError(str(exc)) from exc
        sock: socket.socket | None = None
        last: Exception | None = None
        for address in addresses:
            try:
                sock = socket.create_connection((str(address), port), timeout=timeout)
                break
            except OSError as exc:
                last = exc
        if sock is None:
            raise StreamError(f"Cannot connect to {host}: {last}")
        try:
            if scheme == "wss":
                sock = safehttp.ssl_context().wrap_socket(sock, server_hostname=host)
            key = base64.b64encode(os.urandom(16)).decode()
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            host_header = host if parts.port is None else f"{host}:{port}"
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nUser-Agent: PressDesk/1.0\r\n\r\n"
            )
            sock.sendall(request.encode("ascii"))
            websocket = cls(sock)
            head = websocket._read_until(b"\r\n\r\n", limit=16384)
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            if " 101 " not in f"{status_line} ":
                raise StreamError(f"The server refused the WebSocket: {status_line[:200]}")
            headers = {
                name.strip().lower(): value.strip()
                for name, _sep, value in (line.partition(":") for line in header_lines if line)
            }
            expected = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()  # noqa: S324
            if headers.get("sec-websocket-accept") != expected:
                raise StreamError("The server's WebSocket handshake is wrong")
            sock.settimeout(read_timeout)
            return websocket
        except (OSError, ssl.SSLError) as exc:
            sock.close()
            raise StreamError(str(exc)) from exc
        except StreamError:
            sock.close()
            raise

    def _recv(self) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise StreamError("The server closed the connection")
        return chunk

    def _read_until(self, marker: bytes, *, limit: int) -> bytes:
        while marker not in self._buffer:
            if len(self._buffer) > limit:
                raise StreamError("The server's answer is too long")
            self._buffer += self._recv()
        head, _sep, self._buffer = self._buffer.partition(marker)
        return head

    def _read_exact(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._buffer += self._recv()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def send(self, opcode: int, payload: bytes = b"") -> None:
        header = bytes([0x80 | opcode])
        size = len(payload)
        if size < 126:
            header += bytes([0x80 | size])
        elif size < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", size)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", size)
        mask = os.urandom(4)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def messages(self) -> Iterator[str]:
        """Text messages until the server closes (``StreamError``); binary messages are skipped."""
        parts: list[bytes] = []
        kind = 0
        while True:
            first, second = self._read_exact(2)
            fin, opcode = first & 0x80, first & 0x0F
            size = second & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", self._read_exact(2))
            elif size == 127:
                (size,) = struct.unpack("!Q", self._read_exact(8))
            if size > MAX_EVENT_BYTES:
                raise StreamError("A message larger than 1 MB")
            mask = self._read_exact(4) if second & 0x80 else b""
            payload = self._read_exact(size)
            if mask:
                payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
            if opcode == 0x8:
                raise StreamError("The server closed the WebSocket")
            if opcode == 0x9:
                self.send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode in (0x1, 0x2):
                kind, parts = opcode, [payload]
            elif opcode == 0x0:
                parts.append(payload)
                if sum(len(part) for part in parts) > MAX_EVENT_BYTES:
                    raise StreamError("A message larger than 1 MB")
            if fin and parts:
                data, parts = b"".join(parts), []
                if kind == 0x1:
                    yield data.decode("utf-8", "replace")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send(0x8, struct.pack("!H", 1000))
        with contextlib.suppress(OSError):
            self.sock.close()


# --- Posts as entries ----------------------------------------------------------------


def jetstream_entry(event: dict[str, Any]) -> ParsedEntry | None:
    """A Jetstream ``commit`` that creates an ``app.bsky.feed.post`` → the entry the poller would make."""
    if event.get("kind") != "commit":
        return None
    commit = event.get("commit")
    if not isinstance(commit, dict) or commit.get("operation") != "create":
        return None
    if commit.get("collection") != "app.bsky.feed.post":
        return None
    did, rkey = str(event.get("did") or ""), str(commit.get("rkey") or "")
    record = commit.get("record")
    if not did.startswith("did:") or not rkey or not isinstance(record, dict):
        return None
    text = str(record.get("text") or "")
    uri = f"at://{did}/app.bsky.feed.post/{rkey}"
    return ParsedEntry(
        guid=uri,
        url=bluesky.post_url(uri, did),
        title=(post_title(text) or did)[:1000],
        summary_html=text_to_html(text),
        text=text,
        published_at=parse_iso(record.get("createdAt")),
    )


def query_filter(query: str) -> Callable[[str], bool]:
    """Does a post's text match a search source's query (the watch-term syntax; plain words otherwise)?"""
    from pressdesk.monitoring.matching import Matcher, QuerySyntaxError, parse_query

    try:
        parse_query(query)
        matcher = Matcher([(1, query)])
        return lambda text: bool(matcher.match("", text, ""))
    except QuerySyntaxError:
        from pressdesk.lib.turkish import casefold

        words = casefold(query).split()
        return lambda text: all(word in casefold(text) for word in words)


# --- Health and the fall-back to polling ------------------------------------------------


def _now() -> datetime.datetime:
    return timezone.now()


def mark_connected(source_ids: Sequence[int]) -> None:
    now = _now()
    for source_id in source_ids:
        StreamStatus.objects.update_or_create(
            source_id=source_id,
            defaults={
                "state": StreamStatus.State.CONNECTED,
                "connected_since": now,
                "heartbeat_at": now,
                "updated_at": now,
            },
        )
    Source.objects.filter(pk__in=source_ids).update(next_check_at=now + datetime.timedelta(seconds=HOLD))


def heartbeat(source_ids: Sequence[int]) -> None:
    now = _now()
    StreamStatus.objects.filter(source_id__in=source_ids, state=StreamStatus.State.CONNECTED).update(
        heartbeat_at=now, updated_at=now
    )
    Source.objects.filter(pk__in=source_ids, is_active=True).update(
        next_check_at=now + datetime.timedelta(seconds=HOLD)
    )


def mark_disconnected(source_ids: Sequence[int], error: str, *, count: bool = True) -> None:
    """The connection is down: the status says so and the poller takes the sources now."""
    now = _now()
    for source_id in source_ids:
        status, _created = StreamStatus.objects.get_or_create(source_id=source_id)
        StreamStatus.objects.filter(pk=status.pk).update(
            state=StreamStatus.State.DISCONNECTED,
            connected_since=None,
            last_error=error[:ERROR_CHARS],
            disconnects=F("disconnects") + (1 if count else 0),
            updated_at=now,
        )
    Source.objects.filter(pk__in=source_ids).update(next_check_at=now)


def mark_stopped(source_ids: Sequence[int]) -> None:
    StreamStatus.objects.filter(source_id__in=source_ids).update(
        state=StreamStatus.State.STOPPED, connected_since=None, updated_at=_now()
    )
    Source.objects.filter(pk__in=source_ids).update(next_check_at=_now())


def count_events(source_ids: Sequence[int], *, events: int = 0, malformed: int = 0) -> None:
    if not (events or malformed):
        return
    fields: dict[str, Any] = {"updated_at": _now()}
    if events:
        fields.update(events=F("events") + events, last_event_at=_now())
    if malformed:
        fields["malformed"] = F("malformed") + malformed
    StreamStatus.objects.filter(source_id__in=source_ids).update(**fields)


# --- Consumers ----------------------------------------------------------------------------


class Consumer:
    """A push connection's loop: connect, read, ingest in small batches, reconnect with back-off."""

    name = "stream"

    def __init__(
        self,
        *,
        source_ids: list[int],
        allow: Sequence[str] = (),
        engines: Engines = DEFAULT_ENGINES,
        on_ingested: Callable[[int, int], None] | None = None,
    ) -> None:
        self.source_ids = source_ids
        self.allow = tuple(allow)
        self.engines = engines
        self.on_ingested = on_ingested  # (source id, new items): benchmarks and tests listen
        self.stop = threading.Event()
        self.failures = 0
        self._pending: dict[int, list[ParsedEntry]] = {}
        self._last_flush = self._last_beat = 0.0
        self._events = self._malformed = 0

    def connect(self) -> Iterator[str]:  # pragma: no cover - each consumer has its own
        raise NotImplementedError

    def handle(self, message: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def run(self) -> None:
        """Until ``stop`` is set: never raises (a crashed thread would leave the sources unwatched)."""
        try:
            while not self.stop.is_set():
                self._session()
                if self.stop.is_set():
                    break
                delay = min(MAX_BACKOFF, 2.0 ** min(self.failures, 6)) * random.uniform(0.5, 1.0)  # noqa: S311
                self.stop.wait(delay)
        finally:
            try:
                mark_stopped(self.source_ids)
            except Exception:
                log.exception("Stream %s: could not record the stop", self.name)
            connection.close()

    def _session(self) -> None:
        started = time.monotonic()
        close_old_connections()
        try:
            stream = self.connect()
            mark_connected(self.source_ids)
            self._last_beat = self._last_flush = time.monotonic()
            for message in stream:
                if self.stop.is_set():
                    break
                self._take(message)
                self._tick()
            raise StreamError("The stream ended")
        except Exception as exc:
            if self.stop.is_set():
                return
            self.failures = 0 if time.monotonic() - started > STABLE_AFTER else self.failures + 1
            reason = str(exc) if isinstance(exc, StreamError) else f"{exc.__class__.__name__}: {exc}"
            log.info("Stream %s disconnected: %s", self.name, reason)
            try:
                self._flush()
                mark_disconnected(self.source_ids, reason)
            except Exception:
                log.exception("Stream %s: could not record the disconnection", self.name)
                close_old_connections()
        finally:
            self.close()

    def close(self) -> None:
        pass

    def _take(self, message: str) -> None:
        try:
            self.handle(message)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            self._malformed += 1
            log.info("Stream %s: a malformed event was skipped", self.name)

    def queue(self, source_id: int, entry: ParsedEntry) -> None:
        self._pending.setdefault(source_id, []).append(entry)
        if sum(len(entries) for entries in self._pending.values()) >= FLUSH_SIZE:
            self._flush()

    def more_waiting(self) -> bool:
        """More messages already received (a burst): entries wait for them to be ingested in one batch."""
        return False

    def _tick(self) -> None:
        now = time.monotonic()
        if (self._pending and not self.more_waiting()) or now - self._last_flush >= FLUSH_SECONDS:
            self._flush()
        if now - self._last_beat >= HEARTBEAT:
            self._last_beat = now
            heartbeat(self.source_ids)

    def _flush(self) -> None:
        self._last_flush = time.monotonic()
        pending, self._pending = self._pending, {}
        events, malformed = self._events, self._malformed
        self._events = self._malformed = 0
        count_events(self.source_ids, events=events, malformed=malformed)
        for source_id, entries in pending.items():
            source = Source.objects.select_related("outlet").filter(pk=source_id, is_active=True).first()
            if source is None:
                continue
            now = _now()
            result = ingest_entries(
                source=source, entries=clamp_future(entries, now), fetched_at=now, engines=self.engines
            )
            if result.new_items:
                Source.objects.filter(pk=source_id).update(last_new_item_at=now)
            if self.on_ingested is not None:
                self.on_ingested(source_id, result.new_items)


class MastodonConsumer(Consumer):
    """One Mastodon source: the hashtag stream, or the instance's local stream filtered to the account."""

    def __init__(self, source: Source, **kwargs: Any) -> None:
        super().__init__(source_ids=[source.pk], **kwargs)
        self.source_id = source.pk
        self.base = source.url.rstrip("/")
        config = source.config or {}
        self.tag = str(config.get("tag") or "")
        self.account = str(config.get("account") or "").lower()
        self.token = ""
        if source.secret:
            from pressdesk.monitoring.sources.base import stored_token

            try:
                self.token = stored_token(source)
            except Exception:
                self.token = ""
        self.name = f"mastodon:{source.pk}"
        self._client: httpx.Client | None = None

    def stream_url(self) -> str:
        if self.tag:
            return f"{self.base}/api/v1/streaming/hashtag?{urlencode({'tag': self.tag})}"
        return f"{self.base}/api/v1/streaming/public/local"

    def connect(self) -> Iterator[str]:
        headers = {"Accept": "text/event-stream"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self._client = safehttp.safe_client(
            allow=self.allow,
            timeout=httpx.Timeout(READ_TIMEOUT, connect=10.0),
            deadline=SESSION_SECONDS,
            max_bytes=2**40,
            headers=headers,
        )
        request = self._client.build_request("GET", self.stream_url())
        response = self._client.send(request, stream=True)
        if response.status_code != 200:
            response.close()
            if response.status_code in (401, 403):
                raise StreamError(f"The instance refused the stream ({response.status_code}): a token is needed")
            raise StreamError(f"The instance answered {response.status_code}")

        def events() -> Iterator[str]:
            try:
                for event in parse_sse(response.iter_lines()):
                    if event.event == "update":
                        yield event.data
            finally:
                response.close()

        return events()

    def handle(self, message: str) -> None:
        self._events += 1
        status = json.loads(message)
        if not isinstance(status, dict):
            raise ValueError("not an object")
        if self.account:
            account = status.get("account")
            acct = str(account.get("acct") or "") if isinstance(account, dict) else ""
            acct = acct.lower()  # an ASCII account name (a-z, 0-9, _), never Turkish text
            if acct.split("@", 1)[0] != self.account:
                return
        entry = mastodon.entry_from_status(status)
        if entry is not None:
            self.queue(self.source_id, entry)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


class JetstreamConsumer(Consumer):
    """Every Bluesky source on one Jetstream connection: followed accounts by DID, searches by their query."""

    def __init__(self, sources: Sequence[Source], *, url: str, **kwargs: Any) -> None:
        super().__init__(source_ids=[source.pk for source in sources], **kwargs)
        self.url = url
        self.by_did: dict[str, list[int]] = {}
        self.searches: list[tuple[int, Callable[[str], bool]]] = []
        for source in sources:
            config = source.config or {}
            did = str(config.get("did") or (source.state or {}).get("did") or "")
            actor = str(config.get("actor") or "")
            if not did and actor.startswith("did:"):
                did = actor
            if did:
                self.by_did.setdefault(did, []).append(source.pk)
            elif config.get("query"):
                self.searches.append((source.pk, query_filter(str(config["query"]))))
        self.cursor: int | None = None
        self.name = "jetstream"
        self._socket: WebSocket | None = None

    def stream_url(self) -> str:
        params: list[tuple[str, str]] = [("wantedCollections", "app.bsky.feed.post")]
        if not self.searches:  # only followed accounts: the server filters
            params += [("wantedDids", did) for did in sorted(self.by_did)]
        if self.cursor:
            params.append(("cursor", str(self.cursor - 5_000_000)))  # 5 s back: nothing lost over a reconnect
        separator = "&" if "?" in self.url else "?"
        return f"{self.url}{separator}{urlencode(params)}"

    def connect(self) -> Iterator[str]:
        self._socket = WebSocket.connect(self.stream_url(), allow=self.allow)
        return self._socket.messages()

    def handle(self, message: str) -> None:
        self._events += 1
        event = json.loads(message)
        if not isinstance(event, dict):
            raise ValueError("not an object")
        stamp = event.get("time_us")
        if isinstance(stamp, int):
            self.cursor = max(self.cursor or 0, stamp)
        entry = jetstream_entry(event)
        if entry is None:
            return
        targets = list(self.by_did.get(str(event.get("did")), []))
        targets += [source_id for source_id, matches in self.searches if matches(entry.text)]
        for source_id in dict.fromkeys(targets):
            self.queue(source_id, entry)

    def more_waiting(self) -> bool:
        return bool(self._socket is not None and self._socket._buffer)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


# --- The process ----------------------------------------------------------------------------


def streamed_sources() -> list[Source]:
    """The active Mastodon and Bluesky sources (a source with ``config["stream"] = false`` is only polled)."""
    sources = Source.objects.filter(is_active=True, kind__in=(Source.Kind.MASTODON, Source.Kind.BLUESKY))
    return [source for source in sources.order_by("pk") if (source.config or {}).get("stream", True) is not False]


def resolve_dids(sources: Sequence[Source], fetch: Callable[..., Any] | None = None) -> None:
    """Find the DID of each followed Bluesky handle once (kept in ``source.state``); a failure leaves it polled."""
    from pressdesk.monitoring import fetching

    fetch = fetch or fetching.fetch
    for source in sources:
        config, state = source.config or {}, dict(source.state or {})
        actor = str(config.get("actor") or "")
        if source.kind != Source.Kind.BLUESKY or not actor or actor.startswith("did:") or config.get("did"):
            continue
        if state.get("did") and state.get("did_of") == actor:
            continue
        base = (source.url or bluesky.APPVIEW).rstrip("/")
        allow = (site_of(base),) if source.allowed_private else ()
        try:
            result = fetch(
                f"{base}/xrpc/com.atproto.identity.resolveHandle?{urlencode({'handle': actor})}",
                allow_private_hosts=allow,
            )
            did = str(json.loads(result.body).get("did") or "")
        except Exception as exc:
            log.info("Bluesky source %s: the handle %s could not be resolved: %s", source.pk, actor, exc)
            continue
        if did.startswith("did:"):
            state.update(did=did, did_of=actor)
            Source.objects.filter(pk=source.pk).update(state=state)
            source.state = state


def _signature(source: Source) -> tuple[Any, ...]:
    return (
        source.pk,
        source.kind,
        source.url,
        json.dumps(source.config or {}, sort_keys=True),
        (source.state or {}).get("did"),
    )


class Supervisor:
    """Starts a consumer thread per Mastodon source and one for Jetstream; restarts them when sources change."""

    def __init__(self, *, jetstream_url: str, allow: Sequence[str] = (), engines: Engines = DEFAULT_ENGINES) -> None:
        self.jetstream_url = jetstream_url
        self.allow = tuple(allow)
        self.engines = engines
        self.running: dict[str, tuple[Consumer, threading.Thread, tuple[Any, ...]]] = {}

    def wanted(self) -> dict[str, tuple[Callable[[], Consumer], tuple[Any, ...]]]:
        sources = streamed_sources()
        resolve_dids([source for source in sources if source.kind == Source.Kind.BLUESKY])
        wanted: dict[str, tuple[Callable[[], Consumer], tuple[Any, ...]]] = {}
        skies = [source for source in sources if source.kind == Source.Kind.BLUESKY]
        for source in sources:
            if source.kind == Source.Kind.MASTODON:
                allow = self.allow + ((site_of(source.url),) if source.allowed_private else ())
                wanted[f"mastodon:{source.pk}"] = (
                    functools.partial(MastodonConsumer, source, allow=allow, engines=self.engines),
                    _signature(source),
                )
        if skies and self.jetstream_url:
            wanted["jetstream"] = (
                functools.partial(
                    JetstreamConsumer, skies, url=self.jetstream_url, allow=self.allow, engines=self.engines
                ),
                tuple(_signature(source) for source in skies),
            )
        return wanted

    def sync(self) -> None:
        wanted = self.wanted()
        for key in list(self.running):
            consumer, thread, signature = self.running[key]
            if key not in wanted or wanted[key][1] != signature or not thread.is_alive():
                consumer.stop.set()
                consumer.close()
                thread.join(timeout=10)
                del self.running[key]
        for key, (make, signature) in wanted.items():
            if key not in self.running:
                consumer = make()
                thread = threading.Thread(target=consumer.run, name=f"stream-{key}", daemon=True)
                thread.start()
                self.running[key] = (consumer, thread, signature)

    def stop(self) -> None:
        for consumer, _thread, _sig in self.running.values():
            consumer.stop.set()
            consumer.close()
        for _consumer, thread, _sig in self.running.values():
            thread.join(timeout=10)
        self.running.clear()
