"""Generic webhook: a JSON POST signed with HMAC-SHA256, for a website with its own receiver.

Every request is ``POST <base_url>`` with ``Content-Type: application/json``
and these headers:

* ``X-Pressdesk-Event``: ``publish``, ``update``, ``delete`` or ``ping`` (health check);
* ``X-Pressdesk-Timestamp``: Unix seconds when it was sent;
* ``X-Pressdesk-Signature``: ``sha256=`` + hex HMAC-SHA256 of
  ``<timestamp>.<raw body>`` with the channel's signing secret (the receiver
  recomputes it, compares in constant time and refuses old timestamps);
* ``Idempotency-Key``: the same for every retry of one publication.

Body: ``{"event", "id" (on update/delete), "idempotency_key", "title", "text",
"html", "link", "video_url", "media": [{"filename", "content_type",
"alt_text", "url"}]}``. The receiver answers 2xx with ``{"id": …, "url": …}``;
without an ``id`` the idempotency key stands for the remote id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from django.utils.translation import gettext as _

from pressdesk.channels.adapters.http import HttpAdapter
from pressdesk.channels.base import PostPayload, PublishResult, TokenHealth
from pressdesk.channels.models import Channel

SIGNATURE_HEADER = "X-Pressdesk-Signature"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookAdapter(HttpAdapter):
    kind: str = Channel.Kind.WEBHOOK
    secret_names = ("secret",)

    def _send(self, event: str, document: dict[str, Any], idempotency_key: str = "") -> dict[str, Any]:
        body = json.dumps({"event": event, **document}, ensure_ascii=False, sort_keys=True).encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Pressdesk-Event": event,
            "X-Pressdesk-Timestamp": timestamp,
            SIGNATURE_HEADER: sign(self.secret("secret", _("Signing secret")), timestamp, body),
        }
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        response = self.request("POST", self.url(""), headers=headers, content=body)
        if not response.content:
            return {}
        try:
            data = response.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _document(payload: PostPayload) -> dict[str, Any]:
        return {
            "idempotency_key": payload.idempotency_key,
            "title": payload.title,
            "text": payload.text,
            "html": payload.html,
            "link": payload.link,
            "video_url": payload.video_url,
            "media": [
                {
                    "filename": media.filename,
                    "content_type": media.content_type,
                    "alt_text": media.alt_text,
                    "url": media.url,
                }
                for media in payload.media
            ],
        }

    def _publish(self, payload: PostPayload) -> PublishResult:
        data = self._send("publish", self._document(payload), payload.idempotency_key)
        remote_id = str(data.get("id") or payload.idempotency_key or "")
        return PublishResult(remote_id=remote_id, url=str(data.get("url") or ""), raw=data)

    def _update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        data = self._send("update", {"id": remote_id, **self._document(payload)}, payload.idempotency_key)
        return PublishResult(remote_id=remote_id, url=str(data.get("url") or ""), raw=data)

    def _delete(self, remote_id: str) -> None:
        self._send("delete", {"id": remote_id})

    def _check(self) -> TokenHealth:
        self._send("ping", {})
        return TokenHealth(ok=True)
