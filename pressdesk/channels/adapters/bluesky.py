"""Bluesky: XRPC calls to the account's PDS (https://docs.bsky.app/docs/advanced-guides/posts).

* Credentials: ``app_password`` (Settings → App passwords; never the account password).
* ``account_id``: the handle (``saglik.bsky.social``) or DID; ``base_url``:
  the PDS or entryway, ``https://bsky.social`` when empty.
* Post: ``com.atproto.server.createSession`` (app password → access JWT),
  ``com.atproto.repo.uploadBlob`` per image (at most 1,000,000 bytes), then
  ``com.atproto.repo.createRecord`` of an ``app.bsky.feed.post`` with link
  and hashtag facets (UTF-8 byte offsets), an images embed or, without
  images, an external link card.
* Bluesky counts 300 *graphemes*, not code points (``grapheme_count``).
* The network has no idempotency key: with ``PostPayload.idempotency_key``
  the account's latest posts are read first (``listRecords``) and a post with
  the same text made in the last hour is answered instead of a second one.
* No edit; delete is ``com.atproto.repo.deleteRecord``. Health:
  ``createSession`` + ``getSession``. Rate limits answer 429 with
  ``ratelimit-reset`` (epoch seconds).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.channels.adapters.http import UPLOAD_TIMEOUT, HttpAdapter, refused_error, token_error
from pressdesk.channels.base import ChannelError, PostPayload, PublishResult, TokenHealth
from pressdesk.channels.models import Channel

try:  # the ``regex`` module knows extended grapheme clusters (\X)
    import regex as _regex
except ImportError:  # pragma: no cover - regex ships with the project's dependencies
    _regex = None

DEFAULT_SERVICE = "https://bsky.social"
WEB_URL = "https://bsky.app"
POST_COLLECTION = "app.bsky.feed.post"
DUPLICATE_WINDOW = datetime.timedelta(hours=1)
TOKEN_ERRORS = {"AuthenticationRequired", "ExpiredToken", "InvalidToken", "AccountTakedown", "AccountDeactivated"}

_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_TAG = re.compile(r"(?:^|(?<=\s))#([^\s#.,;:!?()\[\]{}\"']{1,64})")
_TRAILING = ".,;:!?)]}'\""


def grapheme_count(text: str) -> int:
    """User-perceived characters, as Bluesky counts them (an emoji family is one)."""
    if _regex is not None:
        return len(_regex.findall(r"\X", text))
    import unicodedata  # pragma: no cover

    count = 0  # pragma: no cover
    joined = False  # pragma: no cover
    for char in text:  # pragma: no cover
        if unicodedata.combining(char) or char in "\u200d\ufe0f\ufe0e" or joined:
            joined = char == "\u200d"
            continue
        count += 1
    return count  # pragma: no cover


def _byte_span(text: str, start: int, end: int) -> dict[str, int]:
    return {"byteStart": len(text[:start].encode("utf-8")), "byteEnd": len(text[:end].encode("utf-8"))}


def facets(text: str) -> list[dict[str, Any]]:
    """Link and hashtag facets of ``text`` with UTF-8 byte offsets."""
    found: list[dict[str, Any]] = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(url)
        found.append(
            {
                "index": _byte_span(text, match.start(), end),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        )
    for match in _TAG.finditer(text):
        tag = match.group(1)
        if tag.isdigit():
            continue
        found.append(
            {
                "index": _byte_span(text, match.start(), match.end()),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            }
        )
    return sorted(found, key=lambda facet: facet["index"]["byteStart"])


def _now_iso() -> str:
    return timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class BlueskyAdapter(HttpAdapter):
    kind: str = Channel.Kind.BLUESKY
    secret_names = ("app_password",)

    def __init__(self, channel: Any, **kwargs: Any) -> None:
        super().__init__(channel, **kwargs)
        self._session: dict[str, Any] | None = None

    def url(self, path: str, base: str | None = None) -> str:
        return super().url(path, base if base is not None else (self.channel.base_url or DEFAULT_SERVICE))

    def error_detail(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            return response.reason_phrase or ""
        if isinstance(data, dict):
            return str(data.get("message") or data.get("error") or "")
        return ""

    def classify(self, response: httpx.Response) -> ChannelError:
        try:
            code = str(response.json().get("error", ""))
        except (ValueError, AttributeError):
            code = ""
        if code in TOKEN_ERRORS and response.status_code != 429:
            return token_error(self.safe_detail(response), response.status_code)
        return super().classify(response)

    # --- Session -------------------------------------------------------------

    def session(self) -> dict[str, Any]:
        if self._session is None:
            identifier = self.channel.account_id.strip().lstrip("@")
            if not identifier:
                from pressdesk.channels.adapters.http import setting_missing

                raise setting_missing(_("account"))
            response = self.request(
                "POST",
                self.url("/xrpc/com.atproto.server.createSession"),
                json={"identifier": identifier, "password": self.secret("app_password", _("app password"))},
            )
            self._session = self.json(response)
        return self._session

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.session()['accessJwt']}"}

    @property
    def did(self) -> str:
        return str(self.session()["did"])

    def close(self) -> None:
        super().close()
        self._session = None

    # --- Posting -------------------------------------------------------------

    def _embed(self, payload: PostPayload) -> dict[str, Any] | None:
        images = self.images(payload)
        if images:
            uploaded = []
            for media in images:
                response = self.request(
                    "POST",
                    self.url("/xrpc/com.atproto.repo.uploadBlob"),
                    headers={**self._auth(), "Content-Type": media.content_type},
                    content=media.read_bytes(),
                    timeout=UPLOAD_TIMEOUT,
                )
                uploaded.append({"alt": media.alt_text, "image": self.json(response)["blob"]})
            return {"$type": "app.bsky.embed.images", "images": uploaded}
        if payload.link:
            return {
                "$type": "app.bsky.embed.external",
                "external": {"uri": payload.link, "title": payload.title, "description": ""},
            }
        return None

    def _result(self, uri: str, raw: dict[str, Any]) -> PublishResult:
        rkey = uri.rsplit("/", 1)[-1]
        handle = str(self.session().get("handle") or self.did)
        web = str(self.options.get("web_url") or WEB_URL).rstrip("/")
        return PublishResult(remote_id=uri, url=f"{web}/profile/{handle}/post/{rkey}", raw=raw)

    def _already_posted(self, text: str) -> dict[str, Any] | None:
        response = self.request(
            "GET",
            self.url("/xrpc/com.atproto.repo.listRecords"),
            headers=self._auth(),
            params={"repo": self.did, "collection": POST_COLLECTION, "limit": 10},
        )
        since = timezone.now() - DUPLICATE_WINDOW
        for record in self.json(response).get("records", []):
            value = record.get("value") or {}
            try:
                created = datetime.datetime.fromisoformat(str(value.get("createdAt", "")).replace("Z", "+00:00"))
            except ValueError:
                continue
            if value.get("text") == text and created >= since:
                return dict(record)
        return None

    def _publish(self, payload: PostPayload) -> PublishResult:
        if grapheme_count(payload.text) > self.limits.max_text:
            raise refused_error(
                _("the text is longer than %(limit)s characters") % {"limit": self.limits.max_text}, None
            )
        if payload.idempotency_key:
            existing = self._already_posted(payload.text)
            if existing is not None:
                return self._result(str(existing["uri"]), existing)
        record: dict[str, Any] = {
            "$type": POST_COLLECTION,
            "text": payload.text,
            "createdAt": _now_iso(),
            "langs": [self.options.get("language", "tr")],
        }
        found = facets(payload.text)
        if found:
            record["facets"] = found
        embed = self._embed(payload)
        if embed is not None:
            record["embed"] = embed
        response = self.request(
            "POST",
            self.url("/xrpc/com.atproto.repo.createRecord"),
            headers=self._auth(),
            json={"repo": self.did, "collection": POST_COLLECTION, "record": record},
        )
        data = self.json(response)
        return self._result(str(data["uri"]), data)

    def _delete(self, remote_id: str) -> None:
        # at://did:plc:…/app.bsky.feed.post/<rkey>
        parts = remote_id.removeprefix("at://").split("/")
        if len(parts) != 3:
            raise refused_error(_("not a Bluesky post address"), None)
        repo, collection, rkey = parts
        self.request(
            "POST",
            self.url("/xrpc/com.atproto.repo.deleteRecord"),
            headers=self._auth(),
            json={"repo": repo, "collection": collection, "rkey": rkey},
        )

    def _check(self) -> TokenHealth:
        response = self.request("GET", self.url("/xrpc/com.atproto.server.getSession"), headers=self._auth())
        data = self.json(response)
        return TokenHealth(ok=True, account=str(data.get("handle") or ""))
