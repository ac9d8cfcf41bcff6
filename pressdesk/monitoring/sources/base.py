"""What every collector shares: its input (``Client``), its output (``Collected``) and its errors.

A collector is a module with ``collect(source, *, client, now) -> Collected``.
It fetches over HTTP only through ``client.get`` (the safe fetcher: SSRF
guard, size, time and redirect limits), never stores anything itself, and
raises ``fetching.FetchError``, ``parsing.FeedParseError`` or ``CollectError``
on failure; the poller records those on the source.
"""

from __future__ import annotations

import datetime
import html
import ssl
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pressdesk.monitoring import fetching
from pressdesk.monitoring.parsing import ParsedEntry

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
POST_TITLE_CHARS = 120


class CollectError(Exception):
    """A source that cannot be read (bad credentials, an unknown account, an unreadable answer).

    ``kind`` weighs the failure for the back-off as in ``fetching.FetchError``.
    """

    def __init__(self, message: str, *, kind: str = "hard", status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass
class Collected:
    entries: list[ParsedEntry] = field(default_factory=list)
    status: int | None = 200
    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""
    size: int = 0
    not_modified: bool = False  # a 304: nothing was parsed
    unchanged: bool = False  # the same body as last time: nothing was parsed
    server_delay: int = 0  # the shortest delay the server allows before the next request, in seconds
    state: dict[str, Any] | None = None  # the collector's new cursor, saved only when the poll succeeds
    finish: Callable[[bool], None] | None = None  # called once the entries are stored (True) or not (False)
    # Clipping services' exports that came as attachments (file name, bytes): taken in after the entries.
    exports: list[tuple[str, bytes]] = field(default_factory=list)

    def as_fetch_result(self, url: str) -> fetching.FetchResult:
        """The shape ``polling.record_success`` records."""
        return fetching.FetchResult(
            url=url,
            status=304 if self.not_modified else (self.status or 200),
            body=b"",
            sha256=self.body_hash,
            etag=self.etag,
            last_modified=self.last_modified,
        )


@dataclass
class Client:
    """The collector's way out: the safe fetcher with this source's allowed internal hosts, an IMAP factory."""

    fetch: Callable[..., fetching.FetchResult] = fetching.fetch
    allow_private_hosts: tuple[str, ...] = ()
    imap_connect: Callable[..., Any] | None = None  # tests pass one; default: sources.imap.connect
    ssl_context: ssl.SSLContext | None = None
    article_budget: float = 30.0  # seconds spent fetching linked articles per poll (the task's soft limit is 90 s)
    started: float = field(default_factory=time.monotonic)

    def get(self, url: str, **kwargs: Any) -> fetching.FetchResult:
        if self.allow_private_hosts:
            kwargs["allow_private_hosts"] = self.allow_private_hosts
        return self.fetch(url, **kwargs)

    def time_left(self) -> float:
        return self.article_budget - (time.monotonic() - self.started)


def stored_token(source: Any) -> str:
    """The source's API token, decrypted; a clear error when none is stored or it cannot be read."""
    from django.utils.translation import gettext as _

    from pressdesk.monitoring.sources import credentials

    try:
        token = credentials.decrypt(source.secret)
    except credentials.SecretUnreadableError as exc:
        raise CollectError(_("The stored access token cannot be read; enter it again.")) from exc
    if not token:
        raise CollectError(_("No access token is stored for this source."))
    return token


def as_dict(value: object) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (API answers are not trusted to have a shape)."""
    return value if isinstance(value, dict) else {}


def parse_iso(value: object) -> datetime.datetime | None:
    """An ISO 8601 date (``2026-11-22T10:15:00Z``, ``2026-11-22``) as an aware datetime; Istanbul time without zone."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.datetime.combine(datetime.date.fromisoformat(text[:10]), datetime.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ISTANBUL)


def clamp_future(entries: list[ParsedEntry], now: datetime.datetime) -> list[ParsedEntry]:
    """Dates in the future become the fetch time; the original is kept, as for feeds."""
    for entry in entries:
        if entry.published_at and entry.published_at > now:
            entry.published_at_original = entry.published_at
            entry.published_at = now
    return entries


def post_title(text: str, limit: int = POST_TITLE_CHARS) -> str:
    """A social post has no title: its first line, cut at a word boundary."""
    line = " ".join((text or "").strip().split("\n", 1)[0].split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut + "…"


def text_to_html(text: str) -> str:
    """Plain text as escaped paragraphs."""
    paragraphs = [p.strip() for p in (text or "").split("\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def site_host(url: str) -> str:
    """The host of ``url`` without ``www.``/``m.``-style prefixes (``""`` when there is none)."""
    try:
        name = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if name.startswith(prefix) and name.count(".") >= 2:
            return name.removeprefix(prefix)
    return name


def same_site(a: str, b: str) -> bool:
    """The same host, ignoring ``www.``/``m.`` prefixes."""
    host = site_host(a)
    return bool(host) and host == site_host(b)
