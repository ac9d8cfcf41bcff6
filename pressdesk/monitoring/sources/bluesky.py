"""Bluesky accounts and searches through the public AppView (no log-in needed).

* Account: ``GET https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor={handle}&limit=50&filter=posts_no_replies``
* Search: ``GET …/xrpc/app.bsky.feed.searchPosts?q={query}&limit=50&sort=latest&since={newest seen}``

A post becomes an entry: its ``at://`` URI is the GUID, the address is
``https://bsky.app/profile/{handle}/post/{rkey}``, its text (plain text,
escaped into paragraphs) the body, its first line the title. A repost is
stored as the reposted post. The newest ``indexedAt`` seen is kept in
``source.state`` for the next search.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from pressdesk.monitoring.models import Source
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry
from pressdesk.monitoring.sources.base import (
    Client,
    Collected,
    CollectError,
    as_dict,
    clamp_future,
    parse_iso,
    post_title,
    text_to_html,
)

APPVIEW = "https://public.api.bsky.app"
PAGE_SIZE = 50
HANDLE = re.compile(r"^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", re.I)
DID = re.compile(r"^did:(?:plc:[a-z2-7]{24}|web:[a-z0-9.-]+)$")


def parse_actor(value: str) -> str | None:
    """``@kurum.bsky.social``, ``kurum.bsky.social``, ``https://bsky.app/profile/kurum.bsky.social`` or a DID."""
    value = (value or "").strip()
    if value.lower().startswith(("https://bsky.app/profile/", "http://bsky.app/profile/")):
        value = urlsplit(value).path.split("/")[2] if len(urlsplit(value).path.split("/")) > 2 else ""
    value = value.removeprefix("@")
    if DID.match(value):
        return value
    return value.lower() if HANDLE.match(value) else None


def post_url(uri: str, handle: str) -> str:
    """``at://did:plc:x/app.bsky.feed.post/3k…`` → ``https://bsky.app/profile/{handle}/post/3k…``."""
    rkey = uri.rstrip("/").rsplit("/", 1)[-1]
    return f"https://bsky.app/profile/{quote(handle, safe=':.')}/post/{quote(rkey, safe='')}"


def entry_from_post(post: dict[str, Any]) -> ParsedEntry | None:
    uri = str(post.get("uri") or "")
    record = as_dict(post.get("record"))
    author = as_dict(post.get("author"))
    handle = str(author.get("handle") or author.get("did") or "")
    if not uri.startswith("at://") or not handle:
        return None
    text = str(record.get("text") or "")
    image = ""
    embed = as_dict(post.get("embed"))
    for picture in embed.get("images") or []:
        if isinstance(picture, dict) and picture.get("thumb"):
            image = str(picture["thumb"])
            break
    external = as_dict(embed.get("external"))
    if not image and external.get("thumb"):
        image = str(external["thumb"])
    if external.get("uri"):
        text = f"{text}\n{external.get('title', '')}\n{external['uri']}".strip()
    return ParsedEntry(
        guid=uri[:2000],
        url=post_url(uri, handle),
        title=(post_title(text) or str(author.get("displayName") or handle))[:1000],
        summary_html=text_to_html(text),
        text=text,
        published_at=parse_iso(record.get("createdAt")) or parse_iso(post.get("indexedAt")),
        image_url=image[:2000] if image.startswith("https://") else "",
    )


def _json(client: Client, url: str) -> Any:
    result = client.get(url)
    try:
        data = json.loads(result.body)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"The answer is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise FeedParseError("The answer is not an XRPC object.")
    return data


def collect(source: Source, *, client: Client, now: datetime.datetime) -> Collected:
    base = (source.url or APPVIEW).rstrip("/")
    config = source.config or {}
    state = dict(source.state or {})
    if config.get("actor"):
        params = {"actor": config["actor"], "limit": PAGE_SIZE, "filter": "posts_no_replies"}
        data = _json(client, f"{base}/xrpc/app.bsky.feed.getAuthorFeed?{urlencode(params)}")
        raw: list[Any] = [item.get("post") for item in data.get("feed") or [] if isinstance(item, dict)]
    elif config.get("query"):
        params = {"q": config["query"], "limit": PAGE_SIZE, "sort": "latest"}
        if state.get("since"):
            params["since"] = state["since"]
        data = _json(client, f"{base}/xrpc/app.bsky.feed.searchPosts?{urlencode(params)}")
        raw = list(data.get("posts") or [])
    else:
        raise CollectError("The source names neither an account nor a search.")
    posts = [as_dict(post) for post in raw if isinstance(post, dict)]
    entries = [entry for entry in map(entry_from_post, posts) if entry is not None]
    seen = [str(post.get("indexedAt")) for post in posts if post.get("indexedAt")]
    if seen and config.get("query"):
        state["since"] = max([state.get("since", ""), *seen])
    return Collected(entries=clamp_future(entries, now), state=state)
