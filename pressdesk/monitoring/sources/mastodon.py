"""Mastodon accounts and hashtags through an instance's public API (no token needed).

* Hashtag: ``GET {instance}/api/v1/timelines/tag/{tag}?limit=40``
* Account: ``GET {instance}/api/v1/accounts/lookup?acct={acct}`` once for the id,
  then ``GET {instance}/api/v1/accounts/{id}/statuses?limit=40&exclude_reblogs=false``
* Paging: ``since_id`` = the newest status seen (kept in ``source.state``);
  when a page is full, older pages are asked for with ``max_id`` until the
  gap to ``since_id`` is closed (at most ``MAX_PAGES``).

A status becomes an entry: its ``uri`` is the GUID, its ``url`` the address,
its HTML ``content`` the summary (sanitised when stored), its first line the
title. A boost is stored as the boosted status.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from pressdesk.monitoring.models import Source
from pressdesk.monitoring.normalize import html_to_text
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry
from pressdesk.monitoring.sources.base import (
    Client,
    Collected,
    CollectError,
    as_dict,
    clamp_future,
    parse_iso,
    post_title,
)

PAGE_SIZE = 40
MAX_PAGES = 5
HOST = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+"
USER = r"[a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?"
TAG = r"[^\W\d_][\w]*|\w*[^\W\d][\w]*"  # a hashtag needs a letter
HANDLE = re.compile(rf"^@?(?P<user>{USER})@(?P<host>{HOST})$", re.IGNORECASE)
HASHTAG = re.compile(rf"^#(?P<tag>{TAG})@(?P<host>{HOST})$", re.IGNORECASE)
PROFILE_URL = re.compile(rf"^https://(?P<host>{HOST})/@(?P<user>{USER})/?$", re.IGNORECASE)
TAG_URL = re.compile(rf"^https://(?P<host>{HOST})/tags/(?P<tag>{TAG})/?$", re.IGNORECASE)


def parse_target(value: str) -> tuple[str, dict[str, str]] | None:
    """``@kullanici@ornek.social``, ``#etiket@ornek.social`` or their web addresses → (instance URL, config)."""
    value = (value or "").strip()
    for pattern in (HANDLE, PROFILE_URL):
        match = pattern.match(value)
        if match:
            return f"https://{match['host'].lower()}", {"account": match["user"]}
    for pattern in (HASHTAG, TAG_URL):
        match = pattern.match(value)
        if match:
            return f"https://{match['host'].lower()}", {"tag": match["tag"]}
    return None


def _json(client: Client, url: str) -> Any:
    result = client.get(url)
    try:
        return json.loads(result.body)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"The answer is not JSON: {exc}") from exc


def _status_id(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def entry_from_status(status: dict[str, Any]) -> ParsedEntry | None:
    """One status as an entry; a boost is the boosted status."""
    if isinstance(status.get("reblog"), dict):
        status = status["reblog"]
    content = str(status.get("content") or "")
    spoiler = str(status.get("spoiler_text") or "")
    text = html_to_text(content)
    if spoiler:
        text = f"{html_to_text(spoiler)}\n{text}".strip()
    account = as_dict(status.get("account"))
    author = str(account.get("display_name") or account.get("acct") or "")
    url = str(status.get("url") or status.get("uri") or "")
    if not url.lower().startswith(("http://", "https://")):
        return None
    image = ""
    for media in status.get("media_attachments") or []:
        if isinstance(media, dict) and media.get("type") == "image":
            image = str(media.get("preview_url") or media.get("url") or "")
            break
    title = post_title(text) or html_to_text(author)
    return ParsedEntry(
        guid=str(status.get("uri") or url)[:2000],
        url=url[:2000],
        title=title[:1000],
        summary_html=content,
        text=text,
        published_at=parse_iso(status.get("created_at")),
        image_url=image[:2000],
    )


def _timeline_url(source: Source, client: Client, state: dict[str, Any]) -> str:
    base = source.url.rstrip("/")
    config = source.config or {}
    if config.get("tag"):
        return f"{base}/api/v1/timelines/tag/{quote(str(config['tag']), safe='')}"
    account = str(config.get("account") or "")
    if not account:
        raise CollectError("The source names neither an account nor a hashtag.")
    if not state.get("account_id") or state.get("account") != account:
        found = _json(client, f"{base}/api/v1/accounts/lookup?" + urlencode({"acct": account}))
        if not isinstance(found, dict) or not found.get("id"):
            raise CollectError(f"The account @{account} was not found on {urlsplit(base).hostname}.")
        state["account_id"], state["account"] = str(found["id"]), account
        state.pop("since_id", None)
    return f"{base}/api/v1/accounts/{quote(state['account_id'], safe='')}/statuses"


def collect(source: Source, *, client: Client, now: datetime.datetime) -> Collected:
    state = dict(source.state or {})
    timeline = _timeline_url(source, client, state)
    since_id = _status_id(state.get("since_id", 0))
    statuses: list[dict[str, Any]] = []
    max_id = 0
    for _page in range(MAX_PAGES):
        params: dict[str, Any] = {"limit": PAGE_SIZE}
        if since_id:
            params["since_id"] = since_id
        if max_id:
            params["max_id"] = max_id
        page = _json(client, f"{timeline}?{urlencode(params)}")
        if not isinstance(page, list):
            raise FeedParseError("The answer is not a list of statuses.")
        page = [status for status in page if isinstance(status, dict) and _status_id(status.get("id")) > since_id]
        statuses.extend(page)
        if len(page) < PAGE_SIZE or not since_id:
            break  # the gap is closed (or this is the first check: the newest page is the baseline)
        max_id = min(_status_id(status.get("id")) for status in page)
    entries = [entry for entry in map(entry_from_status, statuses) if entry is not None]
    newest = max([since_id, *(_status_id(status.get("id")) for status in statuses)])
    if newest:
        state["since_id"] = str(newest)
    return Collected(entries=clamp_future(entries, now), state=state)
