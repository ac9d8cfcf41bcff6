"""Mastodon: the REST API of the account's instance (https://docs.joinmastodon.org/methods/statuses/).

* Credentials: ``access_token`` (an application registered on the instance,
  scopes ``read:accounts write:statuses write:media``).
* ``base_url``: the instance, e.g. ``https://mastodon.social``.
* Options: ``visibility`` (``public`` by default), ``language`` (``tr``).
* Post: ``POST /api/v2/media`` per image (202 means still processing: the
  attachment is polled with ``GET /api/v1/media/:id``), then
  ``POST /api/v1/statuses`` with an ``Idempotency-Key`` header (the instance
  answers the same status for a repeated key for an hour).
* Edit: ``PUT /api/v1/statuses/:id``; delete: ``DELETE /api/v1/statuses/:id``;
  health: ``GET /api/v1/accounts/verify_credentials``.
* Rate limit: 300 requests per 5 minutes; 429 carries ``X-RateLimit-Reset``.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from django.utils.translation import gettext as _

from pressdesk.channels.adapters.http import UPLOAD_TIMEOUT, HttpAdapter
from pressdesk.channels.base import ChannelError, PostPayload, PublishResult, TokenHealth
from pressdesk.channels.models import Channel

MEDIA_POLLS = 10
MEDIA_POLL_SECONDS = 1.0


class MastodonAdapter(HttpAdapter):
    kind: str = Channel.Kind.MASTODON
    secret_names = ("access_token",)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret('access_token', _('access token'))}"}

    def error_detail(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            return response.reason_phrase or ""
        if isinstance(data, dict):
            return str(data.get("error_description") or data.get("error") or "")
        return ""

    def _upload(self, payload: PostPayload) -> list[str]:
        media_ids: list[str] = []
        for media in self.images(payload):
            with media.open() as handle:
                response = self.request(
                    "POST",
                    self.url("/api/v2/media"),
                    headers=self._headers(),
                    files={"file": (media.filename, handle, media.content_type)},
                    data={"description": media.alt_text} if media.alt_text else {},
                    timeout=UPLOAD_TIMEOUT,
                )
            attachment = self.json(response)
            media_id = str(attachment["id"])
            if response.status_code == 202 or not attachment.get("url"):
                self._wait_for_media(media_id)
            media_ids.append(media_id)
        return media_ids

    def _wait_for_media(self, media_id: str) -> None:
        for _attempt in range(MEDIA_POLLS):
            response = self.request("GET", self.url(f"/api/v1/media/{media_id}"), headers=self._headers(), ok=(206,))
            if response.status_code == 200 and self.json(response).get("url"):
                return
            time.sleep(MEDIA_POLL_SECONDS)
        raise ChannelError(_("The channel is still processing a photo; it will be tried again."), retryable=True)

    def _status_body(self, payload: PostPayload, media_ids: list[str]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "status": payload.text,
            "visibility": self.options.get("visibility", "public"),
            "language": self.options.get("language", "tr"),
        }
        if media_ids:
            body["media_ids"] = media_ids
        return body

    def _result(self, status: dict[str, Any]) -> PublishResult:
        return PublishResult(
            remote_id=str(status["id"]), url=str(status.get("url") or status.get("uri") or ""), raw=status
        )

    def _publish(self, payload: PostPayload) -> PublishResult:
        media_ids = self._upload(payload)
        headers = self._headers()
        if payload.idempotency_key:
            headers["Idempotency-Key"] = payload.idempotency_key
        response = self.request(
            "POST", self.url("/api/v1/statuses"), headers=headers, json=self._status_body(payload, media_ids)
        )
        return self._result(self.json(response))

    def _update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        media_ids = self._upload(payload)
        body = self._status_body(payload, media_ids)
        body.pop("visibility", None)  # cannot be changed by an edit
        response = self.request("PUT", self.url(f"/api/v1/statuses/{remote_id}"), headers=self._headers(), json=body)
        return self._result(self.json(response))

    def _delete(self, remote_id: str) -> None:
        self.request("DELETE", self.url(f"/api/v1/statuses/{remote_id}"), headers=self._headers())

    def _check(self) -> TokenHealth:
        response = self.request("GET", self.url("/api/v1/accounts/verify_credentials"), headers=self._headers())
        account = self.json(response)
        return TokenHealth(ok=True, account=str(account.get("acct") or account.get("username") or ""))
