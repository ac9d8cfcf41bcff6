"""YouTube: Data API v3 with an OAuth refresh token (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol).

* ``account_id``: the OAuth client id; credentials: ``client_secret`` and
  ``refresh_token`` (consent with the ``youtube.upload`` scope). Every
  operation first gets an access token from ``oauth2.googleapis.com/token``.
* Upload: the first video file of the post (``MediaFile`` with a ``video/*``
  type) goes through a resumable session: ``POST …/upload/youtube/v3/videos
  ?uploadType=resumable&part=snippet,status`` with the metadata answers the
  session address in ``Location``; the file is then ``PUT`` there in one
  request. An interrupted upload starts again on the next attempt (the
  session is not resumed; see docs/channels.md).
* Title: the story's title (100 characters); description: the text (5,000).
  Privacy: the channel's option, ``private`` by default (an unaudited Google
  project can only upload private videos anyway).
* Edit: ``PUT …/youtube/v3/videos?part=snippet``; delete ``DELETE …/videos?id=``;
  health: ``GET …/channels?part=id,snippet&mine=true``.
* ``quotaExceeded`` (403) is a rate limit until the quota resets at midnight
  Pacific time; ``invalid_grant`` means the consent was withdrawn.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.channels.adapters.http import (
    UPLOAD_TIMEOUT,
    HttpAdapter,
    rate_limited_error,
    refused_error,
    setting_missing,
    token_error,
)
from pressdesk.channels.base import ChannelError, PostPayload, PublishResult, TokenHealth
from pressdesk.channels.models import Channel

TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 - an address, not a secret
API_ROOT = "https://www.googleapis.com"
CATEGORY_NEWS = "25"  # News & Politics
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded"}


def seconds_until_quota_reset(now: datetime.datetime | None = None) -> float:
    pacific = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))
    midnight = (pacific + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - pacific).total_seconds()


class YouTubeAdapter(HttpAdapter):
    kind: str = Channel.Kind.YOUTUBE
    secret_names = ("client_secret", "refresh_token")

    def __init__(self, channel: Any, **kwargs: Any) -> None:
        super().__init__(channel, **kwargs)
        self._access_token = ""

    def api(self, path: str) -> str:
        return self.url(path, self.channel.base_url or API_ROOT)

    def error_detail(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            return response.reason_phrase or ""
        if not isinstance(data, dict):
            return ""
        error = data.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or "")
        return str(data.get("error_description") or error or "")

    def _reasons(self, response: httpx.Response) -> set[str]:
        try:
            error = response.json().get("error")
            return {str(item.get("reason")) for item in error.get("errors", [])}
        except (ValueError, AttributeError, TypeError):
            return set()

    def classify(self, response: httpx.Response) -> ChannelError:
        if response.url.path.endswith("/token") and response.status_code in (400, 401):
            return token_error(self.safe_detail(response), response.status_code)
        if self._reasons(response) & QUOTA_REASONS:
            return rate_limited_error(seconds_until_quota_reset(), status=response.status_code)
        return super().classify(response)

    def _token(self) -> str:
        if not self._access_token:
            client_id = (self.channel.account_id or "").strip()
            if not client_id:
                raise setting_missing(_("OAuth client id"))
            response = self.request(
                "POST",
                str(self.options.get("token_url") or TOKEN_URL),
                data={
                    "client_id": client_id,
                    "client_secret": self.secret("client_secret", _("OAuth client secret")),
                    "refresh_token": self.secret("refresh_token", _("Refresh token")),
                    "grant_type": "refresh_token",
                },
            )
            self._access_token = str(self.json(response)["access_token"])
        return self._access_token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token()}"}

    def close(self) -> None:
        super().close()
        self._access_token = ""

    def _snippet(self, payload: PostPayload) -> dict[str, Any]:
        title = (payload.title or payload.text.split("\n", 1)[0])[:100]
        description = payload.text
        if payload.link and payload.link not in description:
            description = f"{description}\n\n{payload.link}"
        return {
            "title": title,
            "description": description[:5000],
            "categoryId": str(self.options.get("category_id") or CATEGORY_NEWS),
            "defaultLanguage": "tr",
        }

    def _publish(self, payload: PostPayload) -> PublishResult:
        videos = [media for media in payload.media if media.content_type.startswith("video/")]
        if not videos:
            raise refused_error(_("YouTube needs a video file; a link to a video cannot be uploaded"), None)
        video = videos[0]
        size = video.size()
        metadata = {
            "snippet": self._snippet(payload),
            "status": {
                "privacyStatus": self.options.get("privacy_status", "private"),
                "selfDeclaredMadeForKids": False,
            },
        }
        session = self.request(
            "POST",
            self.api("/upload/youtube/v3/videos"),
            params={"uploadType": "resumable", "part": "snippet,status"},
            headers={
                **self._headers(),
                "X-Upload-Content-Type": video.content_type,
                "X-Upload-Content-Length": str(size),
            },
            json=metadata,
        )
        location = session.headers.get("location", "")
        if not location:
            raise ChannelError(_("YouTube did not open an upload session; it will be tried again."), retryable=True)
        with video.open() as handle:
            response = self.request(
                "PUT",
                location,
                headers={**self._headers(), "Content-Type": video.content_type, "Content-Length": str(size)},
                content=handle.read(),
                timeout=UPLOAD_TIMEOUT,
            )
        data = self.json(response)
        video_id = str(data["id"])
        return PublishResult(
            remote_id=video_id, url=f"https://www.youtube.com/watch?v={video_id}", raw={"id": video_id}
        )

    def _update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        response = self.request(
            "PUT",
            self.api("/youtube/v3/videos"),
            params={"part": "snippet"},
            headers=self._headers(),
            json={"id": remote_id, "snippet": self._snippet(payload)},
        )
        self.json(response)
        return PublishResult(remote_id=remote_id, url=f"https://www.youtube.com/watch?v={remote_id}")

    def _delete(self, remote_id: str) -> None:
        self.request("DELETE", self.api("/youtube/v3/videos"), params={"id": remote_id}, headers=self._headers())

    def _check(self) -> TokenHealth:
        response = self.request(
            "GET",
            self.api("/youtube/v3/channels"),
            params={"part": "id,snippet", "mine": "true"},
            headers=self._headers(),
        )
        items = self.json(response).get("items") or []
        if not items:
            return TokenHealth(ok=False, message=_("The Google account has no YouTube channel."))
        return TokenHealth(ok=True, account=str(items[0].get("snippet", {}).get("title") or items[0].get("id")))
