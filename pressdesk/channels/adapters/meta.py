"""Facebook Page and Instagram professional account through Meta's Graph API.

Both use a versioned base URL (``https://graph.facebook.com/v23.0``; the
version is a channel option, since Meta retires one about two years after its
release) and send the token in the ``Authorization`` header, never in the
query string (so it never reaches an access log or httpx's request log).

Graph errors come as ``{"error": {"message", "type", "code", "error_subcode"}}``:
code 190/102 or a permission code (10, 200–299) means the token must be
reconnected; codes 4, 17, 32, 613 and 80001–80014 are rate limits; codes 1
and 2 are temporary.

Facebook Page (https://developers.facebook.com/docs/pages-api/posts):
``POST /{page-id}/feed`` (message, link), ``POST /{page-id}/photos`` for one
photo, unpublished photos + ``attached_media`` for several; edit
``POST /{post-id}``; delete ``DELETE /{post-id}``; health ``GET /me``.

Instagram (https://developers.facebook.com/docs/instagram-platform/content-publishing):
a container ``POST /{ig-user-id}/media`` with ``image_url`` (Meta fetches the
photo from a public address: ``MediaFile.url``), children and a
``CAROUSEL`` container for several photos, then
``POST /{ig-user-id}/media_publish``. The rolling 24-hour cap is read first
from ``GET /{ig-user-id}/content_publishing_limit``. No edit or delete.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
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

GRAPH_ROOT = "https://graph.facebook.com"
DEFAULT_VERSION = "v23.0"
TOKEN_CODES = {102, 190, 10} | set(range(200, 300))
RATE_CODES = {4, 17, 32, 613} | set(range(80001, 80015))
TEMPORARY_CODES = {1, 2}
CONTAINER_POLLS = 10
CONTAINER_POLL_SECONDS = 2.0


class GraphAdapter(HttpAdapter):
    secret_names = ("access_token",)

    def graph(self, path: str) -> str:
        version = str(self.options.get("api_version") or DEFAULT_VERSION)
        root = (self.channel.base_url or GRAPH_ROOT).rstrip("/")
        return f"{root}/{version}{path}"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret('access_token', _('Access token'))}"}

    def account(self) -> str:
        account = (self.channel.account_id or "").strip()
        if not account:
            raise setting_missing(_("account"))
        return account

    def _error(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            return {}
        error = data.get("error") if isinstance(data, dict) else None
        return error if isinstance(error, dict) else {}

    def error_detail(self, response: httpx.Response) -> str:
        error = self._error(response)
        return str(error.get("error_user_msg") or error.get("message") or response.reason_phrase or "")

    def classify(self, response: httpx.Response) -> ChannelError:
        error = self._error(response)
        try:
            code = int(error.get("code", 0))
        except (TypeError, ValueError):
            code = 0
        detail = self.safe_detail(response)
        if code in RATE_CODES:
            return rate_limited_error(self._usage_wait(response), status=response.status_code)
        if code in TOKEN_CODES or (error.get("type") == "OAuthException" and code == 0):
            return token_error(detail, response.status_code)
        if code in TEMPORARY_CODES:
            failure = super().classify(response)
            if not failure.retryable:
                failure = ChannelError(failure.message, retryable=True, status=response.status_code)
            return failure
        if code:
            return refused_error(detail, response.status_code)
        return super().classify(response)

    @staticmethod
    def _usage_wait(response: httpx.Response) -> float | None:
        """Minutes to regain access from ``X-Business-Use-Case-Usage`` (as seconds)."""
        header = response.headers.get("x-business-use-case-usage")
        if not header:
            return None
        try:
            usage = json.loads(header)
            minutes = max(
                int(entry.get("estimated_time_to_regain_access", 0)) for entries in usage.values() for entry in entries
            )
        except (ValueError, TypeError, AttributeError):
            return None
        return float(minutes * 60) if minutes else None

    def _check(self) -> TokenHealth:
        response = self.request("GET", self.graph("/me"), headers=self._headers(), params={"fields": "id,name"})
        data = self.json(response)
        return TokenHealth(ok=True, account=str(data.get("name") or data.get("id") or ""))


class FacebookAdapter(GraphAdapter):
    kind: str = Channel.Kind.FACEBOOK

    def _photo(self, payload: PostPayload, media: Any, *, published: bool) -> dict[str, Any]:
        data: dict[str, str] = {"published": "true" if published else "false"}
        if published:
            data["caption"] = payload.text
        if media.alt_text:
            data["alt_text_custom"] = media.alt_text
        with media.open() as handle:
            response = self.request(
                "POST",
                self.graph(f"/{self.account()}/photos"),
                headers=self._headers(),
                data=data,
                files={"source": (media.filename, handle, media.content_type)},
                timeout=UPLOAD_TIMEOUT,
            )
        return self.json(response)

    def _post_url(self, post_id: str) -> str:
        page, _sep, post = post_id.partition("_")
        return f"https://www.facebook.com/{page}/posts/{post}" if post else f"https://www.facebook.com/{post_id}"

    def _publish(self, payload: PostPayload) -> PublishResult:
        images = self.images(payload)
        if len(images) == 1:
            data = self._photo(payload, images[0], published=True)
            post_id = str(data.get("post_id") or data["id"])
            return PublishResult(remote_id=post_id, url=self._post_url(post_id), raw=data)
        body: dict[str, str] = {"message": payload.text}
        for index, media in enumerate(images):
            photo = self._photo(payload, media, published=False)
            body[f"attached_media[{index}]"] = json.dumps({"media_fbid": str(photo["id"])})
        if payload.link and not images:
            body["link"] = payload.link
        response = self.request("POST", self.graph(f"/{self.account()}/feed"), headers=self._headers(), data=body)
        data = self.json(response)
        post_id = str(data["id"])
        return PublishResult(remote_id=post_id, url=self._post_url(post_id), raw=data)

    def _update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        response = self.request(
            "POST", self.graph(f"/{remote_id}"), headers=self._headers(), data={"message": payload.text}
        )
        return PublishResult(remote_id=remote_id, url=self._post_url(remote_id), raw=self.json(response))

    def _delete(self, remote_id: str) -> None:
        self.request("DELETE", self.graph(f"/{remote_id}"), headers=self._headers())


class InstagramAdapter(GraphAdapter):
    kind: str = Channel.Kind.INSTAGRAM

    def _check(self) -> TokenHealth:
        response = self.request(
            "GET", self.graph(f"/{self.account()}"), headers=self._headers(), params={"fields": "id,username"}
        )
        data = self.json(response)
        return TokenHealth(ok=True, account=str(data.get("username") or data.get("id") or ""))

    def _quota(self) -> None:
        response = self.request(
            "GET",
            self.graph(f"/{self.account()}/content_publishing_limit"),
            headers=self._headers(),
            params={"fields": "quota_usage,config"},
        )
        rows = self.json(response).get("data") or [{}]
        row = rows[0] if isinstance(rows[0], dict) else {}
        usage = int(row.get("quota_usage") or 0)
        total = int((row.get("config") or {}).get("quota_total") or 0)
        if total and usage >= total:
            raise ChannelError(
                _("The Instagram account reached its daily publishing limit (%(total)s posts); it will be tried again.")
                % {"total": total},
                retryable=True,
                retry_after=3600.0,
            )

    def _container(self, params: dict[str, str]) -> str:
        response = self.request("POST", self.graph(f"/{self.account()}/media"), headers=self._headers(), data=params)
        return str(self.json(response)["id"])

    def _wait(self, container_id: str) -> None:
        for _attempt in range(CONTAINER_POLLS):
            response = self.request(
                "GET", self.graph(f"/{container_id}"), headers=self._headers(), params={"fields": "status_code"}
            )
            status = str(self.json(response).get("status_code") or "FINISHED")
            if status in ("FINISHED", "PUBLISHED"):
                return
            if status in ("ERROR", "EXPIRED"):
                raise refused_error(_("Instagram could not process the photo (%(status)s)") % {"status": status}, None)
            time.sleep(CONTAINER_POLL_SECONDS)
        raise ChannelError(_("The channel is still processing a photo; it will be tried again."), retryable=True)

    def _publish(self, payload: PostPayload) -> PublishResult:
        images = self.images(payload)
        if not images:
            raise refused_error(_("Instagram needs at least one photo"), None)
        if any(not media.url for media in images):
            raise ChannelError(
                _("Instagram fetches photos from a public address; this photo has none. Check the newsroom's address."),
                retryable=False,
            )
        self._quota()
        if len(images) == 1:
            params = {"image_url": images[0].url, "caption": payload.text}
            if images[0].alt_text:
                params["alt_text"] = images[0].alt_text
            container = self._container(params)
        else:
            children = [
                self._container(
                    {"image_url": media.url, "is_carousel_item": "true"}
                    | ({"alt_text": media.alt_text} if media.alt_text else {})
                )
                for media in images
            ]
            for child in children:
                self._wait(child)
            container = self._container(
                {"media_type": "CAROUSEL", "children": ",".join(children), "caption": payload.text}
            )
        self._wait(container)
        response = self.request(
            "POST",
            self.graph(f"/{self.account()}/media_publish"),
            headers=self._headers(),
            data={"creation_id": container},
        )
        media_id = str(self.json(response)["id"])
        permalink = ""
        try:
            link = self.request(
                "GET", self.graph(f"/{media_id}"), headers=self._headers(), params={"fields": "permalink"}
            )
            permalink = str(self.json(link).get("permalink") or "")
        except ChannelError:
            pass  # the post is out; the link is only a convenience
        return PublishResult(remote_id=media_id, url=permalink, raw={"id": media_id, "container": container})
