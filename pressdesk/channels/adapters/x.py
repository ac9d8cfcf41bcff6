"""X: API v2 with an OAuth 2.0 user-context token (https://docs.x.com/x-api/posts/creation-of-a-post).

* Credentials: ``access_token``; optionally ``refresh_token`` + ``client_id``
  (+ ``client_secret`` for a confidential client). X's user tokens live two
  hours, so with a refresh token every operation first refreshes
  (``POST /2/oauth2/token``) and stores the rotated pair, encrypted.
* Photos: ``POST /2/media/upload`` (multipart ``media``, ``media_category=tweet_image``),
  then ``POST /2/tweets`` with ``media.media_ids``. Delete: ``DELETE /2/tweets/:id``.
  Health: ``GET /2/users/me``. No edit through the API.
* Errors are Problem Details (``{"title", "detail", "type"}``); 429 carries
  ``x-rate-limit-reset`` (epoch seconds). A 403 about duplicate content is a
  refused post, not a refused token.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.utils.translation import gettext as _

from pressdesk.channels.adapters.http import UPLOAD_TIMEOUT, HttpAdapter, refused_error, token_error
from pressdesk.channels.base import ChannelError, PostPayload, PublishResult, TokenHealth
from pressdesk.channels.models import Channel

API_ROOT = "https://api.x.com"


class XAdapter(HttpAdapter):
    kind: str = Channel.Kind.X
    secret_names = ("access_token", "refresh_token", "client_secret")

    def __init__(self, channel: Any, **kwargs: Any) -> None:
        super().__init__(channel, **kwargs)
        self._refreshed = False

    def api(self, path: str) -> str:
        return self.url(path, self.channel.base_url or API_ROOT)

    def error_detail(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            return response.reason_phrase or ""
        if not isinstance(data, dict):
            return ""
        if data.get("detail") or data.get("title"):
            return str(data.get("detail") or data.get("title"))
        errors = data.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("message") or errors[0].get("detail") or "")
        return str(data.get("error_description") or data.get("error") or "")

    def classify(self, response: httpx.Response) -> ChannelError:
        detail = self.safe_detail(response)
        if response.status_code == 403 and "duplicate" in detail.lower():
            return refused_error(detail, 403)
        if response.status_code == 400 and response.url.path.endswith("/oauth2/token"):
            return token_error(detail, 400)  # invalid_grant: the refresh token was revoked or used
        return super().classify(response)

    def _refresh(self) -> None:
        refresh_token = self.credentials.get("refresh_token", "")
        client_id = self.credentials.get("client_id", "") or self.channel.account_id
        if self._refreshed or not refresh_token or not client_id:
            return
        auth = None
        if self.credentials.get("client_secret"):
            auth = httpx.BasicAuth(client_id, self.credentials["client_secret"])
        response = self.request(
            "POST",
            self.api("/2/oauth2/token"),
            data={"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id},
            auth=auth,
        )
        data = self.json(response)
        fresh = {"access_token": str(data["access_token"]), "refresh_token": str(data.get("refresh_token") or "")}
        self.credentials.update({k: v for k, v in fresh.items() if v})
        self._refreshed = True
        if getattr(self.channel, "pk", None):
            from pressdesk.channels import actions

            actions.store_refreshed_credentials(channel_id=self.channel.pk, values=fresh)

    def _headers(self) -> dict[str, str]:
        self._refresh()
        return {"Authorization": f"Bearer {self.secret('access_token', _('Access token'))}"}

    def _upload(self, payload: PostPayload) -> list[str]:
        ids = []
        for media in self.images(payload):
            with media.open() as handle:
                response = self.request(
                    "POST",
                    self.api("/2/media/upload"),
                    headers=self._headers(),
                    data={"media_category": "tweet_image", "media_type": media.content_type},
                    files={"media": (media.filename, handle, media.content_type)},
                    timeout=UPLOAD_TIMEOUT,
                )
            data = self.json(response).get("data") or {}
            media_id = str(data.get("id") or data.get("media_id_string") or "")
            if media.alt_text and media_id:
                self.request(
                    "POST",
                    self.api("/2/media/metadata"),
                    headers=self._headers(),
                    json={"id": media_id, "metadata": {"alt_text": {"text": media.alt_text[:1000]}}},
                )
            ids.append(media_id)
        return ids

    def _publish(self, payload: PostPayload) -> PublishResult:
        body: dict[str, Any] = {"text": payload.text}
        media_ids = self._upload(payload)
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        response = self.request("POST", self.api("/2/tweets"), headers=self._headers(), json=body)
        data = self.json(response).get("data") or {}
        tweet_id = str(data["id"])
        return PublishResult(remote_id=tweet_id, url=f"https://x.com/i/web/status/{tweet_id}", raw=data)

    def _delete(self, remote_id: str) -> None:
        self.request("DELETE", self.api(f"/2/tweets/{remote_id}"), headers=self._headers())

    def _check(self) -> TokenHealth:
        response = self.request("GET", self.api("/2/users/me"), headers=self._headers())
        data = self.json(response).get("data") or {}
        return TokenHealth(ok=True, account=str(data.get("username") or ""))
