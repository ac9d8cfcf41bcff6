"""Fake push servers on 127.0.0.1: Mastodon's streaming API (server-sent events) and Bluesky's Jetstream (WebSocket).

Both answer as the documented services do: Mastodon
``GET /api/v1/streaming/hashtag?tag=…`` and ``/api/v1/streaming/public/local``
with ``event: update`` / ``data: {status}`` and ``:thump`` heartbeats; Jetstream
``GET /subscribe?wantedCollections=…&wantedDids=…`` upgraded to a WebSocket,
sending one JSON event per text frame. A test pushes posts (``push``), raw
malformed text (``push_raw``), or drops every connection (``drop``); the servers
record the paths asked for (``requests``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import queue
import socket
import struct
import threading
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class _PushServer:
    """A threaded socket server; each connection gets its own queue of messages."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        self.refuse_status: int | None = None  # answer this status instead of streaming
        self._queues: list[queue.Queue[Any]] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.connected = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _read_head(self, conn: socket.socket) -> str:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return ""
            data += chunk
        return data.split(b"\r\n\r\n", 1)[0].decode("latin-1")

    def _serve(self, conn: socket.socket) -> None:
        inbox: queue.Queue[Any] = queue.Queue()
        try:
            head = self._read_head(conn)
            if not head:
                return
            path = head.split("\r\n", 1)[0].split(" ")[1]
            self.requests.append(path)
            if self.refuse_status:
                conn.sendall(f"HTTP/1.1 {self.refuse_status} No\r\nContent-Length: 0\r\n\r\n".encode())
                return
            if not self.start(conn, head):
                return
            with self._lock:
                self._queues.append(inbox)
            self.connected.set()
            while not self._closed.is_set():
                try:
                    message = inbox.get(timeout=0.5)
                except queue.Empty:
                    self.idle(conn)
                    continue
                if message is None:
                    return
                self.send(conn, message)
        except OSError:
            return
        finally:
            with self._lock:
                if inbox in self._queues:
                    self._queues.remove(inbox)
            with contextlib.suppress(OSError):
                conn.close()

    def start(self, conn: socket.socket, head: str) -> bool:  # pragma: no cover - each server has its own
        raise NotImplementedError

    def send(self, conn: socket.socket, message: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def idle(self, conn: socket.socket) -> None:
        pass

    def push_raw(self, message: str) -> None:
        with self._lock:
            queues = list(self._queues)
        for inbox in queues:
            inbox.put(message)

    def drop(self) -> None:
        """Close every open connection (the client should reconnect)."""
        self.connected.clear()
        with self._lock:
            queues = list(self._queues)
        for inbox in queues:
            inbox.put(None)

    def wait_connected(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._queues:
                    return True
            time.sleep(0.02)
        return False

    def close(self) -> None:
        self._closed.set()
        self.drop()
        with contextlib.suppress(OSError):
            self.sock.close()


class FakeMastodonStreaming(_PushServer):
    """``/api/v1/streaming/…`` as server-sent events."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, conn: socket.socket, head: str) -> bool:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        self._chunk(conn, ":)\n\n")
        return True

    def _chunk(self, conn: socket.socket, text: str) -> None:
        data = text.encode()
        conn.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def send(self, conn: socket.socket, message: str) -> None:
        self._chunk(conn, message)

    def idle(self, conn: socket.socket) -> None:
        self._chunk(conn, ":thump\n\n")

    def push(self, status: dict[str, Any]) -> None:
        self.push_raw(f"event: update\ndata: {json.dumps(status)}\n\n")

    def push_malformed(self) -> None:
        self.push_raw("event: update\ndata: {not json\n\n")


def mastodon_status(status_id: int, text: str, *, acct: str = "saglik", host: str = "ornek.social") -> dict[str, Any]:
    return {
        "id": str(status_id),
        "uri": f"https://{host}/users/{acct}/statuses/{status_id}",
        "url": f"https://{host}/@{acct}/{status_id}",
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
        "content": f"<p>{text}</p>",
        "account": {"acct": acct, "display_name": acct},
        "media_attachments": [],
    }


class FakeJetstream(_PushServer):
    """``/subscribe`` upgraded to a WebSocket; one JSON event per text frame."""

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/subscribe"

    def start(self, conn: socket.socket, head: str) -> bool:
        headers = {
            name.strip().lower(): value.strip()
            for name, _sep, value in (line.partition(":") for line in head.split("\r\n")[1:])
        }
        key = headers.get("sec-websocket-key", "")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()  # noqa: S324
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        return True

    def send(self, conn: socket.socket, message: str) -> None:
        data = message.encode()
        if len(data) < 126:
            header = bytes([0x81, len(data)])
        elif len(data) < 65536:
            header = bytes([0x81, 126]) + struct.pack("!H", len(data))
        else:
            header = bytes([0x81, 127]) + struct.pack("!Q", len(data))
        conn.sendall(header + data)

    def idle(self, conn: socket.socket) -> None:
        conn.sendall(bytes([0x89, 0]))  # a ping: the client answers with a pong

    def wanted(self, index: int = -1) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.requests[index]).query)

    def push(self, event: dict[str, Any]) -> None:
        self.push_raw(json.dumps(event))


def jetstream_post(did: str, rkey: str, text: str) -> dict[str, Any]:
    return {
        "did": did,
        "time_us": int(time.time() * 1_000_000),
        "kind": "commit",
        "commit": {
            "rev": rkey,
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": rkey,
            "record": {
                "$type": "app.bsky.feed.post",
                "text": text,
                "createdAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                "langs": ["tr"],
            },
            "cid": f"bafy{rkey}",
        },
    }
