"""A fake Verimor SMS server on 127.0.0.1 that counts what it received (test-only).

``POST /v2/send.json`` records each message once per ``custom_id`` (a repeated
``custom_id`` is answered 400 ``DOUBLE_SEND_ERROR custom_id``, like a provider
honouring the idempotency key); ``credit`` limits how many messages are
accepted before it answers 400 ``INSUFFICIENT_CREDITS``; ``delay`` makes it slow
(a client timeout); ``errors`` are answers given first, one per request (a
server error, a rate-limit answer). ``GET /v2/status?id=`` reports every message of a campaign
with ``statuses`` (number → status, default DELIVERED).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class FakeVerimor:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []  # every accepted message: dest, msg, custom_id, campaign
        self.requests: list[dict[str, Any]] = []  # every send request body
        self.custom_ids: dict[str, str] = {}
        self.credit: int | None = None
        self.delay = 0.0
        self.statuses: dict[str, str] = {}
        self.errors: list[tuple[int, str]] = []  # answered (in order) before any message is accepted
        self._lock = threading.Lock()
        self._next = 1000
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: str, content_type: str = "text/plain") -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client killed mid-request
                    self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                status, answer = fake._send(body)
                if fake.delay:
                    time.sleep(fake.delay)
                self._answer(status, answer)

            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                campaign = query.get("id", [""])[0]
                rows = [
                    {"message_id": n, "dest": m["dest"], "status": fake.statuses.get(m["dest"], "DELIVERED")}
                    for n, m in enumerate(fake.received)
                    if m["campaign"] == campaign
                ]
                self._answer(200, json.dumps(rows), "application/json")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _send(self, body: dict[str, Any]) -> tuple[int, str]:
        with self._lock:
            self.requests.append(body)
            if self.errors:
                return self.errors.pop(0)
            custom_id = str(body.get("custom_id", ""))
            if custom_id and custom_id in self.custom_ids:
                return 400, "DOUBLE_SEND_ERROR custom_id already used"
            messages = body.get("messages", [])
            if self.credit is not None and self.credit < len(messages):
                return 400, "INSUFFICIENT_CREDITS"
            if self.credit is not None:
                self.credit -= len(messages)
            self._next += 1
            campaign = str(self._next)
            if custom_id:
                self.custom_ids[custom_id] = campaign
            for m in messages:
                self.received.append({**m, "custom_id": custom_id, "campaign": campaign})
            return 200, campaign

    def counts(self) -> Counter[str]:
        """How many messages each number received."""
        return Counter(m["dest"] for m in self.received)

    def __enter__(self) -> FakeVerimor:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
