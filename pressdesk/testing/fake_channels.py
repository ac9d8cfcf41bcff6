"""Fake Mastodon and Bluesky servers on 127.0.0.1 for tests (unit, end-to-end and browser).

Each server is a real threaded HTTP server implementing the documented
endpoints the adapters use; it records what it received and can be told to
answer errors. Use it as a context manager (or call ``close()``)::

    from pressdesk.testing.fake_channels import FakeBluesky, FakeMastodon

    def test_story_reaches_mastodon(province):
        with FakeMastodon() as mastodon:
            channel = mastodon.make_channel(organization=province.directorate)
            ...  # publish through pressdesk.channels.registry.get_adapter(channel)
            assert mastodon.posts[0]["status"].startswith("Aşı haftası")
            assert mastodon.posts[0]["media_ids"]          # photos were uploaded first

    with FakeBluesky() as bluesky:
        channel = bluesky.make_channel(organization=province.directorate)
        ...
        assert bluesky.posts[0]["text"] == "…"            # the app.bsky.feed.post record

``make_channel`` creates a ``Channel`` pointing at the server, with the
server's token/app password stored encrypted and ``allow_internal_host``
set (127.0.0.1 is an internal address for the network guard).

Errors: ``server.fail_next(429, retry_after=30)`` answers the next request
(or the next ``times`` requests, optionally only those whose path contains
``path``) with that status: 429 with ``Retry-After`` (and the network's own
reset header), 401 (token refused), 500, … A wrong token always gets 401.

What was received: ``server.requests`` (every request: method, path, query,
headers, parsed JSON / form / files), ``server.posts`` (the statuses or
records created, in order), ``server.deleted`` (ids/rkeys deleted).
"""

from __future__ import annotations

import contextlib
import datetime
import email.parser
import email.policy
import itertools
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, Any, dict[str, str]]


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)  # name → (filename, type, content)

    def header(self, name: str) -> str:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return ""


@dataclass
class _Failure:
    status: int
    headers: dict[str, str]
    body: Any
    path: str
    times: int


def _parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, list[str]], dict[str, tuple[str, str, bytes]]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    form: dict[str, list[str]] = {}
    files: dict[str, tuple[str, str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = b""
        if filename is not None:
            files[str(name)] = (filename, part.get_content_type(), payload)
        else:
            form.setdefault(str(name), []).append(payload.decode("utf-8"))
    return form, files


class FakeAPIServer:
    """A JSON API server on 127.0.0.1: ``route(method, pattern)`` handlers answer ``(status, body, headers)``."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., Answer]]] = []
        self._failures: list[_Failure] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stalls)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                received = Received(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers=dict(self.headers.items()),
                    body=body,
                )
                content_type = self.headers.get("Content-Type", "")
                if content_type.startswith("application/json") and body:
                    with contextlib.suppress(ValueError):
                        received.json = json.loads(body)
                elif content_type.startswith("multipart/form-data"):
                    received.form, received.files = _parse_multipart(content_type, body)
                elif content_type.startswith("application/x-www-form-urlencoded"):
                    received.form = parse_qs(body.decode("utf-8"))
                with server._lock:
                    server.requests.append(received)
                    status, payload, headers = server._answer(received)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    if not isinstance(payload, bytes):
                        self.send_header("Content-Type", "application/json; charset=utf-8")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    # --- Configuration -------------------------------------------------------

    def route(self, method: str, pattern: str, handler: Callable[..., Answer]) -> None:
        self._routes.append((method, re.compile(f"^{pattern}$"), handler))

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        retry_after: float | str | None = None,
        path: str = "",
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` requests (whose path contains ``path``) with ``status``."""
        extra = dict(headers or {})
        if retry_after is not None:
            extra["Retry-After"] = str(retry_after)
        extra.update(self.rate_limit_headers(status, retry_after))
        self._failures.append(
            _Failure(status, extra, body if body is not None else self.error_body(status), path, times)
        )

    def rate_limit_headers(self, status: int, retry_after: float | str | None) -> dict[str, str]:
        return {}

    def error_body(self, status: int) -> Any:
        return {"error": f"error {status}"}

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- Answering -----------------------------------------------------------

    def _answer(self, request: Received) -> Answer:
        for failure in self._failures:
            if failure.times > 0 and failure.path in request.path:
                failure.times -= 1
                if failure.times == 0:
                    self._failures.remove(failure)
                return failure.status, failure.body, failure.headers
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                return handler(request, **match.groupdict())
        return 404, self.error_body(404), {}


def _now() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.UTC)


class FakeMastodon(FakeAPIServer):
    """The Mastodon endpoints the adapter uses; ``token`` is the only accepted access token."""

    def __init__(
        self,
        *,
        token: str = "mastodon-test-token",  # noqa: S107
        acct: str = "saglik",
        media_processing: bool = False,
    ):
        super().__init__()
        self.token = token
        self.acct = acct
        self.media_processing = media_processing  # answer 202 to uploads, then 206 once before 200
        self.statuses: dict[str, dict[str, Any]] = {}
        self.posts: list[dict[str, Any]] = []  # bodies of created statuses, in order
        self.edits: list[dict[str, Any]] = []
        self.deleted: list[str] = []
        self.media: dict[str, dict[str, Any]] = {}
        self._idempotency: dict[str, str] = {}
        self._ids = itertools.count(110_000_000_000_000_001)
        self.route("GET", r"/api/v1/accounts/verify_credentials", self._verify)
        self.route("POST", r"/api/v2/media", self._upload)
        self.route("GET", r"/api/v1/media/(?P<media_id>\d+)", self._media)
        self.route("POST", r"/api/v1/statuses", self._create)
        self.route("GET", r"/api/v1/statuses/(?P<status_id>\d+)", self._get)
        self.route("PUT", r"/api/v1/statuses/(?P<status_id>\d+)", self._edit)
        self.route("DELETE", r"/api/v1/statuses/(?P<status_id>\d+)", self._delete)

    def error_body(self, status: int) -> Any:
        messages = {401: "The access token is invalid", 429: "Too many requests", 404: "Record not found"}
        return {"error": messages.get(status, "Internal server error" if status >= 500 else f"Error {status}")}

    def rate_limit_headers(self, status: int, retry_after: float | str | None) -> dict[str, str]:
        if status != 429:
            return {}
        seconds = float(retry_after) if isinstance(retry_after, int | float) else 300.0
        reset = _now() + datetime.timedelta(seconds=seconds)
        return {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset.isoformat()}

    def make_channel(self, *, organization: Any, name: str = "Mastodon", **fields: Any) -> Any:
        from pressdesk.channels.models import Channel

        channel = Channel(
            organization=organization,
            kind=Channel.Kind.MASTODON,
            name=name,
            base_url=self.url,
            **{"allow_internal_host": True, **fields},
        )
        channel.set_credentials({"access_token": self.token})
        channel.save()
        return channel

    def _authorised(self, request: Received) -> bool:
        return request.header("Authorization") == f"Bearer {self.token}"

    def _status(self, status_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": status_id,
            "uri": f"{self.url}/users/{self.acct}/statuses/{status_id}",
            "url": f"{self.url}/@{self.acct}/{status_id}",
            "content": f"<p>{body.get('status', '')}</p>",
            "visibility": body.get("visibility", "public"),
            "language": body.get("language"),
            "media_attachments": [self.media[m] for m in body.get("media_ids", []) if m in self.media],
            "created_at": _now().isoformat(),
        }

    def _verify(self, request: Received) -> Answer:
        if not self._authorised(request):
            return 401, self.error_body(401), {}
        return 200, {"id": "1", "username": self.acct, "acct": self.acct, "display_name": "İl Sağlık"}, {}

    def _upload(self, request: Received) -> Answer:
        if not self._authorised(request):
            return 401, self.error_body(401), {}
        if "file" not in request.files:
            return 422, {"error": "Validation failed: File can't be blank"}, {}
        media_id = str(next(self._ids))
        filename, content_type, content = request.files["file"]
        attachment = {
            "id": media_id,
            "type": "image",
            "url": None if self.media_processing else f"{self.url}/media/{media_id}",
            "description": (request.form.get("description") or [""])[0] or None,
            "meta": {"size": len(content), "content_type": content_type, "filename": filename},
        }
        self.media[media_id] = attachment
        return (202 if self.media_processing else 200), attachment, {}

    def _media(self, request: Received, media_id: str) -> Answer:
        attachment = self.media.get(media_id)
        if attachment is None:
            return 404, self.error_body(404), {}
        if attachment["url"] is None:
            attachment["url"] = f"{self.url}/media/{media_id}"  # ready at the next look
            return 206, attachment, {}
        return 200, attachment, {}

    def _create(self, request: Received) -> Answer:
        if not self._authorised(request):
            return 401, self.error_body(401), {}
        body = request.json or {key: values[0] for key, values in request.form.items()}
        key = request.header("Idempotency-Key")
        if key and key in self._idempotency:
            status_id = self._idempotency[key]
            return 200, self.statuses[status_id], {}
        text = str(body.get("status") or "")
        if not text and not body.get("media_ids"):
            return 422, {"error": "Validation failed: Text can't be blank"}, {}
        if len(text) > 500:
            return 422, {"error": "Validation failed: Text character limit of 500 exceeded"}, {}
        status_id = str(next(self._ids))
        self.statuses[status_id] = self._status(status_id, body)
        self.posts.append(dict(body))
        if key:
            self._idempotency[key] = status_id
        return 200, self.statuses[status_id], {}

    def _get(self, request: Received, status_id: str) -> Answer:
        if status_id not in self.statuses:
            return 404, self.error_body(404), {}
        return 200, self.statuses[status_id], {}

    def _edit(self, request: Received, status_id: str) -> Answer:
        if not self._authorised(request):
            return 401, self.error_body(401), {}
        if status_id not in self.statuses:
            return 404, self.error_body(404), {}
        body = request.json or {}
        self.statuses[status_id] = {**self._status(status_id, body), "edited_at": _now().isoformat()}
        self.edits.append({"id": status_id, **body})
        return 200, self.statuses[status_id], {}

    def _delete(self, request: Received, status_id: str) -> Answer:
        if not self._authorised(request):
            return 401, self.error_body(401), {}
        status = self.statuses.pop(status_id, None)
        if status is None:
            return 404, self.error_body(404), {}
        self.deleted.append(status_id)
        return 200, {**status, "text": status["content"]}, {}


class FakeBluesky(FakeAPIServer):
    """The XRPC endpoints the Bluesky adapter uses; ``app_password`` is the only accepted password."""

    def __init__(
        self,
        *,
        handle: str = "saglik.test",
        app_password: str = "abcd-efgh-ijkl-mnop",  # noqa: S107
    ):
        super().__init__()
        self.handle = handle
        self.did = "did:plc:fakesaglik000000000000"
        self.app_password = app_password
        self.access_jwt = "fake-access-jwt-for-" + handle
        self.posts: list[dict[str, Any]] = []  # app.bsky.feed.post records, in order
        self.records: dict[str, dict[str, Any]] = {}  # rkey → record
        self.blobs: list[dict[str, Any]] = []
        self.deleted: list[str] = []
        self.sessions = 0
        self._rkeys = itertools.count(1)
        self.route("POST", r"/xrpc/com.atproto.server.createSession", self._create_session)
        self.route("GET", r"/xrpc/com.atproto.server.getSession", self._get_session)
        self.route("POST", r"/xrpc/com.atproto.repo.uploadBlob", self._upload_blob)
        self.route("POST", r"/xrpc/com.atproto.repo.createRecord", self._create_record)
        self.route("GET", r"/xrpc/com.atproto.repo.listRecords", self._list_records)
        self.route("POST", r"/xrpc/com.atproto.repo.deleteRecord", self._delete_record)

    def error_body(self, status: int) -> Any:
        if status == 401:
            return {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
        if status == 429:
            return {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
        if status >= 500:
            return {"error": "InternalServerError", "message": "Internal Server Error"}
        return {"error": "InvalidRequest", "message": f"Error {status}"}

    def rate_limit_headers(self, status: int, retry_after: float | str | None) -> dict[str, str]:
        if status != 429:
            return {}
        seconds = float(retry_after) if isinstance(retry_after, int | float) else 3600.0
        reset = int((_now() + datetime.timedelta(seconds=seconds)).timestamp())
        return {"RateLimit-Limit": "5000", "RateLimit-Remaining": "0", "RateLimit-Reset": str(reset)}

    def make_channel(self, *, organization: Any, name: str = "Bluesky", **fields: Any) -> Any:
        from pressdesk.channels.models import Channel

        channel = Channel(
            organization=organization,
            kind=Channel.Kind.BLUESKY,
            name=name,
            base_url=self.url,
            account_id=self.handle,
            **{"allow_internal_host": True, **fields},
        )
        channel.set_credentials({"app_password": self.app_password})
        channel.save()
        return channel

    def _authorised(self, request: Received) -> bool:
        return request.header("Authorization") == f"Bearer {self.access_jwt}"

    def _unauthorised(self) -> Answer:
        return 401, {"error": "InvalidToken", "message": "Token could not be verified"}, {}

    def _create_session(self, request: Received) -> Answer:
        body = request.json or {}
        if body.get("identifier") not in (self.handle, self.did) or body.get("password") != self.app_password:
            return 401, self.error_body(401), {}
        self.sessions += 1
        return (
            200,
            {"accessJwt": self.access_jwt, "refreshJwt": "fake-refresh", "handle": self.handle, "did": self.did},
            {},
        )

    def _get_session(self, request: Received) -> Answer:
        if not self._authorised(request):
            return self._unauthorised()
        return 200, {"handle": self.handle, "did": self.did, "active": True}, {}

    def _upload_blob(self, request: Received) -> Answer:
        if not self._authorised(request):
            return self._unauthorised()
        if len(request.body) > 1_000_000:
            return 400, {"error": "BlobTooLarge", "message": "This file is too large"}, {}
        blob = {
            "$type": "blob",
            "ref": {"$link": f"bafkreifake{len(self.blobs):06d}"},
            "mimeType": request.header("Content-Type"),
            "size": len(request.body),
        }
        self.blobs.append(blob)
        return 200, {"blob": blob}, {}

    def _create_record(self, request: Received) -> Answer:
        if not self._authorised(request):
            return self._unauthorised()
        body = request.json or {}
        record = body.get("record") or {}
        if body.get("repo") not in (self.did, self.handle) or body.get("collection") != "app.bsky.feed.post":
            return 400, {"error": "InvalidRequest", "message": "Invalid repo or collection"}, {}
        if not record.get("createdAt") or record.get("$type") != "app.bsky.feed.post":
            return 400, {"error": "InvalidRecord", "message": "Record/createdAt must be a datetime"}, {}
        rkey = f"3lfake{next(self._rkeys):07d}"
        self.records[rkey] = record
        self.posts.append(record)
        uri = f"at://{self.did}/app.bsky.feed.post/{rkey}"
        return 200, {"uri": uri, "cid": f"bafyreifake{rkey}"}, {}

    def _list_records(self, request: Received) -> Answer:
        if not self._authorised(request):
            return self._unauthorised()
        records = [
            {"uri": f"at://{self.did}/app.bsky.feed.post/{rkey}", "cid": f"bafyreifake{rkey}", "value": record}
            for rkey, record in reversed(self.records.items())
        ]
        limit = int((request.query.get("limit") or ["50"])[0])
        return 200, {"records": records[:limit]}, {}

    def _delete_record(self, request: Received) -> Answer:
        if not self._authorised(request):
            return self._unauthorised()
        rkey = str((request.json or {}).get("rkey", ""))
        self.records.pop(rkey, None)  # deleting a missing record succeeds, as on the network
        self.deleted.append(rkey)
        return 200, {}, {}
