"""Normalise fetched entries: canonical URLs, safe HTML, plain text, identity and title hashes.

* Canonical URL (Media Cloud): lower-case host without ``www.``/``m.``/``amp.``,
  no fragment, no tracking parameters, remaining parameters sorted, ``http``
  and ``https`` treated alike.
* Every piece of external HTML goes through ``sanitize_html`` (nh3, an
  allow-list) before it is stored or shown.
* Identity (Miniflux): the GUID; GUID + URL when the GUID repeats inside one
  document; else the URL; else title + content.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import nh3

from pressdesk.lib import turkish

HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "yclid", "dclid", "msclkid", "igshid", "_ga", "_gl", "mkt_tok"})
TRACKING_PREFIXES = ("utm_", "mc_")

SAFE_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
}
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/\s*(?:p|div|li|h[1-6]|tr|blockquote|pre|section|article))\s*>", re.IGNORECASE)
# Runs of blanks that are not already a single space (a lone space, by far the most
# common case, is left alone instead of being replaced by itself).
_SPACES = re.compile(r"[\t\r\f\v\u00a0][ \t\r\f\v\u00a0]*| [ \t\r\f\v\u00a0]+")
_OTHER_BLANKS = ("\t", "\r", "\f", "\v", "\u00a0")


#: The only schemes an item's address may have: a feed's ``javascript:``, ``data:`` or
#: ``file:`` link is never stored (it would end up in an ``href``).
WEB_SCHEMES = frozenset({"http", "https"})


def web_url(url: str, base: str = "") -> str:
    """``url`` made absolute against ``base``, or ``""`` unless that is an http(s) address with a host.

    A relative link (``/haber/1``, ``../1``, ``//cdn.example/1.jpg``) is resolved against the
    address the document was read from; ``javascript:``, ``data:``, ``mailto:`` and every other
    scheme are refused, however they are written (upper case, tabs or line breaks inside).
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        if base and not url.startswith(("https://", "http://")):
            url = urljoin(base, url)
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not host:
        return ""
    return url


def canonical_url(url: str) -> str:
    """The form of ``url`` used to recognise the same article behind different links."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host.removeprefix(prefix)
            break
    if ":" in host:
        host = f"[{host}]"
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    query.sort()
    return urlunsplit(("https", host, parts.path or "/", urlencode(query), ""))


def sanitize_html(value: str) -> str:
    """External HTML reduced to a small safe tag set: no scripts, styles, event handlers or foreign schemes."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment (script and style contents dropped), paragraphs on their own lines."""
    if not value:
        return ""
    if "<" in value:
        value = _BLOCK_END.sub("\n", value)
        value = nh3.clean(value, tags=set(), attributes={}, strip_comments=True)
    text = html.unescape(value)
    if "  " in text or any(blank in text for blank in _OTHER_BLANKS):  # most texts have single spaces only
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        # Whitespace around line breaks becomes one break (as re.sub(r"\s*\n\s*", "\n") would), faster.
        text = "\n".join(line for line in (part.strip() for part in text.split("\n")) if line)
    return text.strip()


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def title_hash(title: str) -> str:
    """Hash of a title compared case-insensitively by Turkish rules (catches re-posts under new URLs)."""
    folded = " ".join(turkish.casefold(title).split())
    return _sha256(folded) if folded else ""


class Identifiable(Protocol):
    guid: str
    url: str
    title: str
    text: str


def identity_hashes(entries: Sequence[Identifiable]) -> list[str]:
    """The identity hash of each entry of one document, by the Miniflux rules."""
    guid_counts = Counter(entry.guid.strip() for entry in entries if entry.guid.strip())
    hashes = []
    for entry in entries:
        guid = entry.guid.strip()
        if guid and guid_counts[guid] == 1:  # the usual case: the address is not needed
            hashes.append(_sha256("guid:" + guid))
            continue
        url = canonical_url(entry.url)
        if guid:
            hashes.append(_sha256("guid+url:" + guid + "\n" + url))
        elif url:
            hashes.append(_sha256("url:" + url))
        else:
            hashes.append(_sha256("content:" + entry.title + "\n" + entry.text))
    return hashes
