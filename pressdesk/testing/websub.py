"""A fake WebSub hub (and the feed that advertises it) on 127.0.0.1.

``GET /feed.xml`` answers an Atom feed with ``<link rel="hub">`` and ``rel="self"``;
``POST /hub`` takes a subscription or unsubscription request as a hub does (``202
Accepted``, then the verification of intent: ``GET callback?hub.mode=subscribe|unsubscribe
&hub.topic=…&hub.challenge=…``), recording every request (``requests``) and each
verification's outcome (``verified``; ``verifications`` with the mode). A verified
unsubscription removes the callback from ``subscribers``. ``publish`` distributes content
to the last subscriber, signed with its secret (or not) — also after an unsubscription, as
a lagging hub would; ``verify`` sends a verification nobody asked for.
``advertise_hub = False`` serves the feed without its hub link.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlencode


def atom_feed(base: str, entries: list[tuple[str, str]], *, hub: bool = True) -> bytes:
    items = "".join(
        f"<entry><id>{guid}</id><title>{title}</title><link href='{base}/haber/{guid.rsplit(':', 1)[-1]}'/>"
        f"<updated>2026-12-07T05:00:00Z</updated><summary>{title}</summary></entry>"
        for guid, title in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Yerel Haber</title><id>{base}/feed.xml</id><updated>2026-12-07T05:00:00Z</updated>"
        + (f"<link rel='hub' href='{base}/hub'/><link rel='self' href='{base}/feed.xml'/>" if hub else "")
        + f"{items}</feed>"
    ).encode()


class FakeHub:
    #: The hubs not closed yet (``all_verifications_held``).
    open_hubs: ClassVar[set[FakeHub]] = set()

    def __init__(self, *, lease_seconds: int = 120, verify_first: bool = False) -> None:
        self.lease_seconds = lease_seconds
        self.verify_first = verify_first  # verify before answering the request, as some hubs do
        self.entries: list[tuple[str, str]] = [("urn:haber:1", "Hastane açıldı")]
        self.requests: list[dict[str, str]] = []
        self.verified: list[bool] = []
        self.verifications: list[tuple[str, bool]] = []  # (hub.mode, verified)
        self.subscribers: dict[str, str] = {}  # verified callback -> secret
        self.advertise_hub = True
        self.accept_status = 202
        # Cleared by ``verifications_held()``: a hub that answers first waits to verify.
        self.released = threading.Event()
        self.released.set()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body = atom_feed(hub.base, hub.entries, hub=hub.advertise_hub)
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
                    threading.Thread(target=hub._verify_when_released, args=(form,), daemon=True).start()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.feed_url = f"{self.base}/feed.xml"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        FakeHub.open_hubs.add(self)

    @contextmanager
    def verifications_held(self) -> Iterator[None]:
        """A hub that answers first verifies only once the block is over.

        For the live server on SQLite's in-memory test database: it shares the test's one
        connection, so a verification arriving while the test thread still writes would
        start a transaction inside the test's (PostgreSQL gives each thread its own).
        """
        self.released.clear()
        try:
            yield
        finally:
            self.released.set()

    @classmethod
    @contextmanager
    def all_verifications_held(cls) -> Iterator[None]:
        """``verifications_held`` for every open hub at once."""
        with ExitStack() as stack:
            for hub in list(cls.open_hubs):
                stack.enter_context(hub.verifications_held())
            yield

    def _verify_when_released(self, form: dict[str, str]) -> None:
        self.released.wait(30)
        self._verify(form)

    def _verify(self, form: dict[str, str]) -> None:
        _status, ok = self._ask(form["hub.callback"], form["hub.mode"], form["hub.topic"])
        self.verifications.append((form["hub.mode"], ok))
        self.verified.append(ok)
        if ok and form["hub.mode"] == "subscribe":
            self.subscribers[form["hub.callback"]] = form.get("hub.secret", "")
        elif ok and form["hub.mode"] == "unsubscribe":
            self.subscribers.pop(form["hub.callback"], None)

    def _ask(self, callback: str, mode: str, topic: str) -> tuple[int, bool]:
        """The verification of intent: ``(HTTP status, whether the challenge was echoed)``."""
        challenge = secrets.token_hex(8)
        params = {"hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge}
        if mode == "subscribe":
            params["hub.lease_seconds"] = str(self.lease_seconds)
        try:
            with urllib.request.urlopen(f"{callback}?{urlencode(params)}", timeout=10) as response:  # noqa: S310
                return int(response.status), response.status == 200 and response.read().decode() == challenge
        except urllib.error.HTTPError as exc:
            return int(exc.code), False

    def verify(self, mode: str, *, callback: str | None = None, topic: str | None = None) -> int:
        """A verification of intent nobody asked for (the last request's callback and topic by default)."""
        form = self.requests[-1]
        status, _ok = self._ask(callback or form["hub.callback"], mode, topic or form["hub.topic"])
        return status

    def publish(self, body: bytes, *, secret: str | None = None, method: str = "sha256") -> int:
        """POST ``body`` to the last subscriber's callback, signed with ``secret`` (its own by default)."""
        form = [request for request in self.requests if request["hub.mode"] == "subscribe"][-1]
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
        FakeHub.open_hubs.discard(self)
        self.server.shutdown()
        self.server.server_close()
