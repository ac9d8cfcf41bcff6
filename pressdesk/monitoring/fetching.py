"""Fetch one address safely: conditional GET with size, time and redirect limits.

* Every connection, redirect hops included, goes through the SSRF guard
  (``pressdesk.lib.netguard``).
* Connect timeout 5 s, read timeout 10 s, and a wall-clock deadline for the
  whole exchange (30 s) enforced on every socket read, so a server that
  trickles one byte at a time is cut off.
* The body is streamed, decoded by ``pressdesk.lib.safehttp`` with an output
  cap and abandoned beyond 10 MB *decoded* (a gzip bomb stops there); only
  one content encoding is accepted (``gzip, gzip`` is refused).
* At most 5 redirects, followed by hand so that each hop is checked.
"""

from __future__ import annotations

import datetime
import email.utils
import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from pressdesk.lib import netguard, safehttp

USER_AGENT = "BasinMasasi/1.0 (media monitoring of a provincial health directorate's press unit)"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE = 30.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A fetch that produced no usable body.

    ``kind`` says how much it counts towards the source's failure back-off:
    ``hard`` (1: the address is wrong or refused), ``soft`` (0.5: the server
    failed) or ``temporary`` (0.25: a timeout or a busy server).
    """

    kind = "soft"

    def __init__(self, message: str, *, status: int | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class BlockedError(FetchError):
    kind = "hard"


class TooLargeError(FetchError):
    kind = "soft"


class EncodingRefusedError(FetchError):
    """A stacked (``gzip, gzip``), unknown or corrupt content encoding."""

    kind = "hard"


class TooManyRedirectsError(FetchError):
    kind = "hard"


class DeadlineExceededError(FetchError):
    kind = "temporary"


class ConnectionFailedError(FetchError):
    kind = "temporary"


class HTTPStatusError(FetchError):
    """A non-2xx answer; ``body`` (at most ``ERROR_BODY_BYTES``) and ``headers`` let an API client read why."""

    body: bytes = b""
    headers: dict[str, str] = {}

    @property
    def kind(self) -> str:  # type: ignore[override]
        if self.status in (408, 425, 429, 502, 503, 504):
            return "temporary"
        if self.status is not None and self.status >= 500:
            return "soft"
        return "hard"


@dataclass
class FetchResult:
    url: str
    status: int
    body: bytes = b""
    sha256: str = ""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    retry_after: int | None = None  # seconds
    max_age: int | None = None  # seconds, from Cache-Control
    expires: datetime.datetime | None = None
    duration_ms: int = 0
    redirects: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # the answer's headers, lower-case names

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- Response headers ---------------------------------------------------------

_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def parse_http_date(value: str) -> datetime.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def parse_retry_after(value: str | None, now: datetime.datetime | None = None) -> int | None:
    """Seconds to wait, from ``Retry-After: 120`` or ``Retry-After: <HTTP date>``."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    when = parse_http_date(value)
    if when is None:
        return None
    now = now or datetime.datetime.now(datetime.UTC)
    return max(0, int((when - now).total_seconds()))


def parse_max_age(cache_control: str | None) -> int | None:
    if not cache_control:
        return None
    if re.search(r"\b(no-cache|no-store)\b", cache_control, re.IGNORECASE):
        return None
    match = _MAX_AGE.search(cache_control)
    return int(match.group(1)) if match else None


def _fill_headers(result: FetchResult, headers: httpx.Headers) -> None:
    result.content_type = headers.get("content-type", "")
    result.etag = headers.get("etag", "")[:500]
    result.last_modified = headers.get("last-modified", "")[:100]
    result.retry_after = parse_retry_after(headers.get("retry-after"))
    result.max_age = parse_max_age(headers.get("cache-control"))
    expires = headers.get("expires")
    result.expires = parse_http_date(expires) if expires else None
    result.headers = {name.lower(): value[:500] for name, value in headers.items()}


# --- Fetch --------------------------------------------------------------------


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    allow_private_hosts: Iterable[str] = (),
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """GET ``url``; return the body of a 2xx answer or a 304, raise ``FetchError`` otherwise.

    ``headers`` are sent besides the fetcher's own (an API's ``Authorization``); they are
    never logged. A redirect to another host drops ``Authorization``.
    """
    allow = tuple(allow_private_hosts)
    started = time.monotonic()
    ends_at = started + deadline
    extra = dict(headers or {})
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", **extra}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(connect=min(CONNECT_TIMEOUT, deadline), read=min(READ_TIMEOUT, deadline), write=10, pool=5)
    redirects: list[str] = []
    current = url
    try:
        with safehttp.safe_client(
            allow=allow, timeout=timeout, deadline=deadline, ends_at=ends_at, max_bytes=max_bytes, headers=headers
        ) as client:
            while True:
                try:
                    # Scheme and host only: the transport resolves once, checks and connects to that address.
                    netguard.split_url(current)
                except netguard.UnsupportedURLError as exc:
                    raise BlockedError(str(exc)) from exc
                with client.stream("GET", current) as response:
                    if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                        if len(redirects) >= max_redirects:
                            raise TooManyRedirectsError(
                                f"More than {max_redirects} redirects", status=response.status_code
                            )
                        following = urljoin(current, response.headers["location"])
                        if "Authorization" in extra and urlsplit(following).netloc != urlsplit(current).netloc:
                            client.headers.pop("Authorization", None)  # a token never follows to another host
                        current = following
                        redirects.append(current)
                        continue
                    result = FetchResult(url=current, status=response.status_code, redirects=redirects)
                    _fill_headers(result, response.headers)
                    if response.status_code == 304:
                        break
                    if not 200 <= response.status_code < 300:
                        error = HTTPStatusError(
                            f"HTTP {response.status_code}",
                            status=response.status_code,
                            retry_after=result.retry_after,
                        )
                        error.headers = result.headers
                        try:
                            error.body = _read_limited(response, ERROR_BODY_BYTES)
                        except (TooLargeError, httpx.HTTPError, safehttp.ResponseTooLargeError):
                            error.body = b""
                        raise error
                    result.body = _read_limited(response, max_bytes)
                    result.sha256 = hashlib.sha256(result.body).hexdigest()
                    break
    except netguard.BlockedAddressError as exc:
        raise BlockedError(str(exc)) from exc
    except safehttp.ResponseTooLargeError as exc:
        raise TooLargeError(str(exc)) from exc
    except safehttp.ContentEncodingError as exc:
        raise EncodingRefusedError(str(exc)) from exc
    except httpx.TimeoutException as exc:
        if time.monotonic() >= ends_at - 0.05:
            raise DeadlineExceededError(f"No complete answer within {deadline:g} s") from exc
        raise DeadlineExceededError(f"Timed out: {exc.__class__.__name__}") from exc
    except httpx.HTTPError as exc:
        raise ConnectionFailedError(f"{exc.__class__.__name__}: {exc}") from exc
    result.duration_ms = int((time.monotonic() - started) * 1000)
    return result


ERROR_BODY_BYTES = 64 * 1024  # enough for an API's error document


def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    """The body, already decoded by ``safehttp``'s transport under the same cap (counted again here)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise TooLargeError(f"The answer is larger than {max_bytes} bytes", status=response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)
