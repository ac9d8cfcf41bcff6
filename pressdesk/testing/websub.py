"""A fake WebSub hub (and the feed that advertises it) on 127.0.0.1.

``GET /feed.xml`` answers an Atom feed with ``<link rel="hub">`` and ``rel="self"``;
``POST /hub`` takes a subscription request as a hub does (``202 Accepted``, then the
verification of intent: ``GET callback?hub.mode=subscribe&hub.topic=…&hub.challenge=…``),
recording every request (``requests``) and each verification's outcome (``verified``).
``publish`` distributes content to the subscriber, signed with its secret (or not).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode


def atom_feed(base: str, entries: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<entry><id>{guid}</id><title>{title}</title><link href='{base}/haber/{guid.rsplit(':', 1)[-1]}'/>"
        f"<updated>2026-12-07T05:00:00Z</updated><summary>{title}</summary></entry>"
        for guid, title in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Yerel Haber</title><id>{base}/feed.xml</id><updated>2026-12-07T05:00:00Z</updated>"
        f"<link rel='hub' href='{base}/hub'/><link rel='self' href='{base}/feed.xml'/>{items}</feed>"
    ).encode()


class FakeHub:
    def __init__(self, *, lease_seconds: int = 120, verify_first: bool = False) -> None:
        self.lease_seconds = lease_seconds
        self.verify_first = verify_first  # verify before answering the request, as some hubs do
        self.entries: list[tuple[str, str]] = [("urn:haber:1", "Hastane açıldı")]
        self.requests: list[dict[str, str]] = []
        self.verified: list[bool] = []
        self.accept_status = 202
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body = atom_feed(hub.base, hub.entries)
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                hub.requests.append(form)
                if hub.verify_first and hub.accept_status == 202:
                    hub._verify(form)
                self.send_response(hub.accept_status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if hub.accept_status == 202 and not hub.verify_first:
                    threading.Thread(target=hub._verify, args=(form,), daemon=True).start()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.feed_url = f"{self.base}/feed.xml"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _verify(self, form: dict[str, str]) -> None:
        challenge = secrets.token_hex(8)
        query = urlencode(
            {
                "hub.mode": form["hub.mode"],
                "hub.topic": form["hub.topic"],
                "hub.challenge": challenge,
                "hub.lease_seconds": str(self.lease_seconds),
            }
        )
        try:
            with urllib.request.urlopen(f"{form['hub.callback']}?{query}", timeout=10) as response:  # noqa: S310
                self.verified.append(response.status == 200 and response.read().decode() == challenge)
        except urllib.error.HTTPError:
            self.verified.append(False)

    def publish(self, body: bytes, *, secret: str | None = None, method: str = "sha256") -> int:
        """POST ``body`` to the last subscriber's callback, signed with ``secret`` (its own by default)."""
        form = self.requests[-1]
        key = form["hub.secret"] if secret is None else secret
        signature = hmac.new(key.encode(), body, getattr(hashlib, method)).hexdigest()
        request = urllib.request.Request(  # noqa: S310
            form["hub.callback"],
            data=body,
            method="POST",
            headers={"Content-Type": "application/atom+xml", "X-Hub-Signature": f"{method}={signature}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
