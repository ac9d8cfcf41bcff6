"""One safe way out: the limits every outgoing HTTP client of the application shares.

``safe_client()`` (or ``safe_transport()`` for code that builds its own
client) gives:

* the SSRF guard of ``pressdesk.lib.netguard`` on every connection (resolve
  once, check every address, connect to the checked address);
* a wall-clock deadline per request enforced on every socket read and write,
  so a server that trickles one byte at a time is cut off;
* a cap on the body *after decoding*: the transport decodes the content
  encoding itself, incrementally, with a maximum output size
  (``zlib.decompressobj().decompress(data, max_length)``), so a small gzip
  bomb never inflates past the cap; httpx sees an already decoded body;
* one content encoding at most: ``Content-Encoding: gzip, gzip`` (or an
  encoding we did not ask for) is refused with ``ContentEncodingError``;
* no redirects followed implicitly (callers that follow them check each hop).
"""

from __future__ import annotations

import functools
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

from pressdesk.lib import netguard

MAX_BYTES = 10 * 1024 * 1024
DEADLINE = 30.0
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
ACCEPT_ENCODING = "gzip, deflate"
SUPPORTED_ENCODINGS = ("gzip", "x-gzip", "deflate")
KNOWN_COMPRESSIONS = (*SUPPORTED_ENCODINGS, "br", "zstd", "compress", "x-compress", "exi", "pack200-gzip", "aes128gcm")
_OUTPUT_STEP = 64 * 1024


class ResponseRefusedError(httpx.RequestError):
    """An answer the application will not read (too large, or an encoding it refuses)."""


class ResponseTooLargeError(ResponseRefusedError):
    def __init__(self, limit: int, declared: int | None = None) -> None:
        self.limit, self.declared = limit, declared
        if declared is not None:
            message = f"The answer is {declared} bytes; the limit is {limit}"
        else:
            message = f"The answer is larger than {limit} bytes"
        super().__init__(message)


class ContentEncodingError(ResponseRefusedError):
    def __init__(self, encoding: str, reason: str) -> None:
        self.encoding = encoding
        super().__init__(f"Refused content encoding {encoding!r}: {reason}")


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process (loading the CA bundle is slow; a context is thread-safe)."""
    return httpx.create_ssl_context()


# --- Decoding with an output cap ----------------------------------------------


def content_encoding(headers: httpx.Headers) -> str:
    """The one content encoding of an answer (``""`` for none), or raise ``ContentEncodingError``.

    Values that are not compressions at all (servers that put ``utf-8`` there)
    are ignored, as httpx does; a compression we cannot decode under a cap
    (``br``, ``zstd``, ``compress``) and two compressions are refused.
    """
    values = [part.strip().lower() for value in headers.get_list("content-encoding") for part in value.split(",")]
    codings = [value for value in values if value in KNOWN_COMPRESSIONS]
    if len(codings) > 1:
        raise ContentEncodingError(", ".join(codings), "only one content encoding is accepted")
    if codings and codings[0] not in SUPPORTED_ENCODINGS:
        raise ContentEncodingError(codings[0], "not a supported encoding")
    return codings[0] if codings else ""


class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding, self.limit, self.produced = encoding, limit, 0
        self._gzip = encoding in ("gzip", "x-gzip")
        self._raw_deflate = False
        self._started = False
        self._obj = self._new()

    def _new(self) -> Any:
        if self._gzip:
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self._obj.decompress(data, _OUTPUT_STEP)
            except zlib.error as exc:
                if not self._gzip and not self._started and not self._raw_deflate:
                    # "deflate" is often sent as a raw stream without the zlib header.
                    self._raw_deflate = True
                    self._obj = self._new()
                    continue
                raise ContentEncodingError(self.encoding, f"corrupt data ({exc})") from exc
            self._started = True
            yield self._count(out)
            data = self._obj.unconsumed_tail
            if not data and self._obj.eof and self._obj.unused_data:
                if not self._gzip:
                    break  # trailing bytes after a deflate stream: ignored
                data = self._obj.unused_data  # another gzip member
                self._obj = self._new()

    def _count(self, out: bytes) -> bytes:
        self.produced += len(out)
        if self.produced > self.limit:
            raise ResponseTooLargeError(self.limit)
        return out


class CappedStream(httpx.SyncByteStream):
    """The raw body of an answer, decoded and cut off beyond ``limit`` bytes (raw or decoded)."""

    def __init__(self, raw: httpx.SyncByteStream, encoding: str, limit: int) -> None:
        self._raw, self._limit = raw, limit
        self._inflater = _Inflater(encoding, limit) if encoding else None

    def __iter__(self) -> Iterator[bytes]:
        received = 0
        for chunk in self._raw:
            received += len(chunk)
            if received > self._limit:
                raise ResponseTooLargeError(self._limit)
            if self._inflater is None:
                yield chunk
                continue
            for out in self._inflater.feed(chunk):
                if out:
                    yield out

    def close(self) -> None:
        self._raw.close()


# --- Wall-clock deadline on every socket operation ----------------------------


class Clock:
    """The deadline of the current request; ``ends_at`` optionally bounds every request."""

    def __init__(self, per_request: float, ends_at: float | None = None) -> None:
        self.per_request, self.hard_ends_at = per_request, ends_at
        self.ends_at = self._next()

    def _next(self) -> float:
        ends = time.monotonic() + self.per_request
        return ends if self.hard_ends_at is None else min(ends, self.hard_ends_at)

    def start(self) -> None:
        self.ends_at = self._next()

    def remaining(self, timeout: float | None, error: type[Exception] = httpcore.ReadTimeout) -> float:
        remaining = self.ends_at - time.monotonic()
        if remaining <= 0:
            raise error("wall-clock deadline exceeded")
        return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, clock: Clock) -> None:
        self._stream, self._clock = stream, clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._clock.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._clock.remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, self._clock.remaining(timeout))
        return _DeadlineStream(tls, self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend, clock: Clock) -> None:
        self._backend, self._clock = backend, clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self._clock.remaining(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self._clock)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return self._backend.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


# --- The transport and the client ---------------------------------------------


class SafeTransport(httpx.BaseTransport):
    """Wraps a transport: starts each request's deadline and caps and decodes each answer."""

    def __init__(self, inner: httpx.BaseTransport, *, clock: Clock | None = None, max_bytes: int = MAX_BYTES) -> None:
        self.inner, self.clock, self.max_bytes = inner, clock, max_bytes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.clock is not None:
            self.clock.start()
        response = self.inner.handle_request(request)
        try:
            encoding = content_encoding(response.headers)
            declared = response.headers.get("content-length", "").strip()
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise ResponseTooLargeError(self.max_bytes, int(declared))
        except ResponseRefusedError as exc:
            response.close()
            exc.request = request
            raise
        headers = httpx.Headers([(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-encoding"])
        if encoding:
            headers = httpx.Headers([(k, v) for k, v in headers.multi_items() if k.lower() != "content-length"])
        raw = response.stream
        assert isinstance(raw, httpx.SyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=headers,
            stream=CappedStream(raw, encoding, self.max_bytes),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.inner.close()


def safe_transport(
    *,
    allow: Iterable[str] = (),
    deadline: float = DEADLINE,
    ends_at: float | None = None,
    max_bytes: int = MAX_BYTES,
    inner: httpx.BaseTransport | None = None,
) -> SafeTransport:
    """The guarded, deadline-bound, size-capped transport.

    ``inner`` replaces the network (a test's ``MockTransport``); the size cap
    and the decoding still apply to it.
    """
    clock = Clock(deadline, ends_at)
    if inner is None:
        guarded = netguard.guarded_transport(allow, verify=ssl_context())
        guarded._pool._network_backend = DeadlineBackend(guarded._pool._network_backend, clock)
        inner = guarded
    return SafeTransport(inner, clock=clock, max_bytes=max_bytes)


def safe_client(
    *,
    allow: Iterable[str] = (),
    timeout: httpx.Timeout = TIMEOUT,
    deadline: float = DEADLINE,
    ends_at: float | None = None,
    max_bytes: int = MAX_BYTES,
    transport: httpx.BaseTransport | None = None,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> httpx.Client:
    """An httpx client with every limit above; ``transport`` replaces the network in tests.

    ``deadline`` bounds each request; ``ends_at`` (a ``time.monotonic()`` value) bounds them all.
    """
    return httpx.Client(
        transport=safe_transport(allow=allow, deadline=deadline, ends_at=ends_at, max_bytes=max_bytes, inner=transport),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})},
        **kwargs,
    )
