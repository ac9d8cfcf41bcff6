"""Parse feeds (RSS, Atom, JSON Feed) into plain ``ParsedEntry`` rows.

* XML is checked with defusedxml first: entity declarations (billion laughs)
  and external entities are refused with ``UnsafeFeedError``; the document is
  then parsed by feedparser, which tolerates the usual breakage.
* An HTML page served as a feed, an empty body or an unparseable document
  raises ``FeedParseError``; nothing here crashes on bad input.
* Turkish dates (``22 Kasım 2026 10:15``, ``22 Kas 2026``, with or without a
  day name) are registered with feedparser and used as a fallback.
* Dates in the future are clamped to the fetch time; the original is kept.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import time
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

import defusedxml
import defusedxml.ElementTree
import feedparser
from defusedxml.ElementTree import ParseError
from feedparser.datetimes import _parse_date as _feedparser_parse_date

from pressdesk.lib import turkish
from pressdesk.monitoring.normalize import html_to_text

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
MAX_ENTRIES = 20_000


class FeedParseError(ValueError):
    """The body is not a feed we can read."""


class UnsafeFeedError(FeedParseError):
    """The XML declares entities or refers to external ones."""


@dataclass
class ParsedEntry:
    guid: str = ""
    url: str = ""
    title: str = ""
    summary_html: str = ""  # as received: sanitise before storing (normalize.sanitize_html)
    text: str = ""
    published_at: datetime.datetime | None = None
    published_at_original: datetime.datetime | None = None  # set when a future date was clamped
    image_url: str = ""


@dataclass
class ParsedFeed:
    title: str = ""
    link: str = ""
    entries: list[ParsedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- Turkish dates ------------------------------------------------------------

_MONTHS = {
    "ocak": 1,
    "oca": 1,
    "subat": 2,
    "sub": 2,
    "mart": 3,
    "mar": 3,
    "nisan": 4,
    "nis": 4,
    "mayis": 5,
    "may": 5,
    "haziran": 6,
    "haz": 6,
    "temmuz": 7,
    "tem": 7,
    "agustos": 8,
    "agu": 8,
    "agt": 8,
    "eylul": 9,
    "eyl": 9,
    "ekim": 10,
    "eki": 10,
    "kasim": 11,
    "kas": 11,
    "aralik": 12,
    "ara": 12,
}
_DAYS = "pazartesi|sali|carsamba|persembe|cumartesi|cuma|pazar|pzt|sal|car|per|cum|cmt|paz"
_TURKISH_DATE = re.compile(
    rf"^\s*(?:(?:{_DAYS})\.?,?\s+)?"
    r"(?P<day>\d{1,2})[\s./-]+(?P<month>[a-z]+)\.?[\s./-]+(?P<year>\d{4})"
    rf"(?:[\s,]+(?:(?:{_DAYS}),?\s+)?(?:saat\s+)?(?P<hour>\d{{1,2}})[:.](?P<minute>\d{{2}})(?:[:.](?P<second>\d{{2}}))?)?"
    r"(?:\s*(?P<tz>z|gmt|utc|trt|[+-]\d{2}:?\d{2}))?\s*$"
)


def parse_turkish_date(value: str) -> datetime.datetime | None:
    """``22 Kasım 2026 10:15``, ``Pazar, 22 Kas 2026``, ``22 Kasim 2026 10:15:00 +0300`` → aware datetime.

    Without a time zone the time is Istanbul's.
    """
    if not value or len(value) > 80:
        return None
    match = _TURKISH_DATE.match(turkish.ascii_fold(value))
    if match is None:
        return None
    month = _MONTHS.get(match["month"])
    if month is None:
        return None
    tz: datetime.tzinfo = ISTANBUL
    if match["tz"] in ("z", "gmt", "utc"):
        tz = datetime.UTC
    elif match["tz"] and match["tz"][0] in "+-":
        digits = match["tz"][1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        tz = datetime.timezone(offset if match["tz"][0] == "+" else -offset)
    try:
        return datetime.datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _feedparser_turkish_date(value: str) -> time.struct_time | None:
    parsed = parse_turkish_date(value)
    return parsed.astimezone(datetime.UTC).timetuple() if parsed else None


feedparser.registerDateHandler(_feedparser_turkish_date)


# --- Sniffing and safety ------------------------------------------------------

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _strip_bom(body: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if body.startswith(bom):
            return body[len(bom) :] if bom == b"\xef\xbb\xbf" else body
    return body


def looks_like_html(body: bytes) -> bool:
    return bool(_HTML_START.match(body[:4096]))


def check_xml_safety(body: bytes) -> None:
    """Refuse entity declarations and external entities before any parser expands them.

    A malformed document is not an error here: feedparser's tolerant parser
    gets its chance afterwards.
    """
    if _ENTITY_DECL.search(body):
        raise UnsafeFeedError("The document declares XML entities; it is refused as unsafe.")
    try:
        defusedxml.ElementTree.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeFeedError(f"The document is refused as unsafe XML: {exc}") from exc
    except (ParseError, ValueError, LookupError):
        pass


# --- Entry point --------------------------------------------------------------


def parse_feed(body: bytes, *, content_type: str = "", fetched_at: datetime.datetime | None = None) -> ParsedFeed:
    """Parse ``body`` as a JSON Feed or an RSS/Atom document."""
    fetched_at = fetched_at or datetime.datetime.now(datetime.UTC)
    body = _strip_bom(body)
    if not body.strip():
        raise FeedParseError("The answer is empty.")
    head = body.lstrip()[:1]
    if "json" in content_type.lower() or head in (b"{", b"["):
        feed = _parse_json_feed(body)
    else:
        if looks_like_html(body):
            raise FeedParseError("The address returned an HTML page, not a feed.")
        check_xml_safety(body)
        feed = _parse_xml_feed(body, content_type)
    for entry in feed.entries:
        if entry.published_at and entry.published_at > fetched_at:
            entry.published_at_original = entry.published_at
            entry.published_at = fetched_at
    return feed


def _parse_xml_feed(body: bytes, content_type: str) -> ParsedFeed:
    headers = {"content-type": content_type} if content_type else {}
    try:
        # A stream, never bytes or str: feedparser would treat those as a URL or a file name to open.
        parsed = feedparser.parse(
            io.BytesIO(body), response_headers=headers, resolve_relative_uris=False, sanitize_html=False
        )
    except Exception as exc:  # feedparser is defensive, but never let a feed crash the worker
        raise FeedParseError(f"The feed could not be parsed: {exc.__class__.__name__}: {exc}") from exc
    version = parsed.get("version", "")
    if not parsed.entries and (parsed.get("bozo") or not version):
        reason = parsed.get("bozo_exception") or "no feed elements"
        raise FeedParseError(f"The document is not a readable feed: {reason}")
    feed = ParsedFeed(
        title=html_to_text(parsed.feed.get("title", "")),
        link=parsed.feed.get("link", ""),
    )
    if parsed.get("bozo"):
        feed.warnings.append(str(parsed.get("bozo_exception", "")))
    for raw in parsed.entries[:MAX_ENTRIES]:
        feed.entries.append(_xml_entry(raw))
    return feed


def _xml_entry(raw: Any) -> ParsedEntry:
    content = ""
    for part in raw.get("content") or []:
        if part.get("value"):
            content = part["value"]
            break
    summary = content or raw.get("summary", "") or raw.get("description", "")
    published = None
    for key in ("published", "updated", "created"):
        struct = raw.get(f"{key}_parsed")
        if struct:
            published = _from_struct(struct)
            break
        if raw.get(key):
            published = parse_turkish_date(raw[key])
            if published:
                break
    url = raw.get("link", "")
    guid = raw.get("id", "")
    image = ""
    for media in (raw.get("media_content") or []) + (raw.get("media_thumbnail") or []):
        if media.get("url"):
            image = media["url"]
            break
    if not image:
        for link in raw.get("links") or []:
            if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
                image = link.get("href", "")
                break
    return ParsedEntry(
        guid=str(guid)[:2000],
        url=str(url)[:2000],
        title=html_to_text(raw.get("title", ""))[:1000],
        summary_html=summary,
        text=html_to_text(summary),
        published_at=published,
        image_url=str(image)[:2000],
    )


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"The JSON feed could not be read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedParseError("The JSON document is not a JSON Feed (no items list).")
    feed = ParsedFeed(title=html_to_text(str(data.get("title", ""))), link=str(data.get("home_page_url", "")))
    for raw in data["items"][:MAX_ENTRIES]:
        if not isinstance(raw, dict):
            continue
        content_html = str(raw.get("content_html") or raw.get("summary") or "")
        content_text = str(raw.get("content_text") or "")
        published = None
        for key in ("date_published", "date_modified"):
            if raw.get(key):
                published = _parse_any_date(str(raw[key]))
                if published:
                    break
        feed.entries.append(
            ParsedEntry(
                guid=str(raw.get("id", ""))[:2000],
                url=str(raw.get("url") or raw.get("external_url") or "")[:2000],
                title=html_to_text(str(raw.get("title", "")))[:1000],
                summary_html=content_html,
                text=html_to_text(content_html) if content_html else content_text,
                published_at=published,
                image_url=str(raw.get("image") or raw.get("banner_image") or "")[:2000],
            )
        )
    return feed


def _from_struct(struct: time.struct_time) -> datetime.datetime:
    return datetime.datetime(
        struct.tm_year, struct.tm_mon, struct.tm_mday, struct.tm_hour, struct.tm_min, struct.tm_sec, tzinfo=datetime.UTC
    )


def _parse_any_date(value: str) -> datetime.datetime | None:
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        struct = _feedparser_parse_date(value)  # RFC 822, W3CDTF and the registered Turkish handler
        return _from_struct(struct) if struct else None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ISTANBUL)
