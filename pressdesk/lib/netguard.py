"""Refuse outgoing requests to internal addresses (server-side request forgery).

Anything the application fetches on behalf of a user (a feed address, a pasted
article link, a redirect one of them sends) could point at the directorate's
own network or at a cloud metadata service. Before a connection is opened, the
host is resolved and *every* address it resolves to must be public; the
connection is then made to the address that was checked, so a name that
resolves differently a moment later (DNS rebinding) cannot slip through.

An administrator may allow named internal hosts explicitly (``allow``): host
names, IP addresses or networks (``"intranet.saglik.local"``, ``"10.1.2.3"``,
``"10.1.0.0/16"``). A host allowed by name is still resolved once and every
address checked: it may resolve to a private address, never to the metadata
service, loopback (except the name ``localhost`` itself) or multicast
(``never_by_name``).

Use ``check_url`` for a clear early error and ``guarded_transport`` for an
httpx transport whose every connection (redirect hops included) is checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges refused even if Python's ``is_global`` flags change between versions.
_ALWAYS_BLOCKED = [
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this" network / unspecified
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, including the 169.254.169.254 metadata address
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, broadcast
        "::/128",
        "::1/128",
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "ff00::/8",  # multicast
        "fd00:ec2::254/128",  # AWS metadata over IPv6
    )
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NEVER_BY_NAME = [
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fe80::/10",
        "ff00::/8",
        "fd00:ec2::254/128",
    )
]

ALLOWED_SCHEMES = ("http", "https")


class BlockedAddressError(httpx.TransportError):
    """The host resolves to an address the application must not connect to."""

    def __init__(self, host: str, address: str = "", reason: str = "") -> None:
        self.host, self.address, self.reason = host, address, reason
        detail = f"{host} → {address}" if address and address != host else host
        super().__init__(f"Refused to connect to an internal address ({detail}): {reason or 'not public'}")


class UnsupportedURLError(ValueError):
    """Not an http(s) address with a host name."""


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
    return None


def blocked_reason(ip: IPAddress) -> str:
    """Why ``ip`` is not public, or ``""`` if it is."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        reason = blocked_reason(embedded)
        return f"embeds {embedded}: {reason}" if reason else ""
    for net in _ALWAYS_BLOCKED:
        if ip.version == net.version and ip in net:
            return f"in {net}"
    for flag in ("is_loopback", "is_private", "is_link_local", "is_multicast", "is_reserved", "is_unspecified"):
        if getattr(ip, flag):
            return flag.removeprefix("is_").replace("_", "-")
    if not ip.is_global:
        return "not globally routable"
    return ""


def _normalise_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _name_allowed(host: str, allow: Iterable[str]) -> bool:
    host = _normalise_host(host)
    return any(_normalise_host(entry) == host for entry in allow if _normalise_host(entry))


def _address_allowed(ip: IPAddress, allow: Iterable[str]) -> bool:
    for entry in allow:
        entry = _normalise_host(entry)
        if not entry:
            continue
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def never_by_name(ip: IPAddress) -> str:
    """Why ``ip`` is refused even for a host an administrator allowed by name, or ``""``.

    Allowing ``intranet.saglik.local`` means "its private address on our
    network", never the metadata service, the machine itself or a multicast
    group that the name could be made to resolve to (DNS rebinding). Allowing
    the address itself (``127.0.0.1``) still works.
    """
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        return never_by_name(embedded)
    for net in _NEVER_BY_NAME:
        if ip.version == net.version and ip in net:
            return f"in {net}"
    return ""


def resolve(host: str, port: int | None = None) -> list[IPAddress]:
    """Every address ``host`` resolves to (a literal address resolves to itself)."""
    host = _normalise_host(host)
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port or 0, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpx.ConnectError(f"Cannot resolve {host}: {exc}") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def check_host(host: str, port: int | None = None, *, allow: Iterable[str] = ()) -> list[IPAddress]:
    """Resolve ``host`` once and return its addresses, or raise ``BlockedAddressError``.

    Every resolved address must be public, or allowed by address/network, or
    (for a host allowed by name) private but not one ``never_by_name``
    refuses: a name with one public and one metadata address is refused.
    Callers connect to the returned addresses, never to the name again.
    """
    allow = tuple(allow)
    addresses = resolve(host, port)
    if not addresses:
        raise httpx.ConnectError(f"{host} has no addresses")
    by_name = _name_allowed(host, allow)
    for ip in addresses:
        if _address_allowed(ip, allow):
            continue
        reason = blocked_reason(ip)
        if not reason:
            continue
        if by_name:
            reason = never_by_name(ip)
            if not reason or (_normalise_host(host) == "localhost" and ip.is_loopback):
                continue  # "localhost" comes from the hosts file, never from DNS: it can only mean loopback
        raise BlockedAddressError(host, str(ip), reason)
    return addresses


def split_url(url: str) -> tuple[str, int | None]:
    """The host and port of an http(s) ``url``, or raise ``UnsupportedURLError`` (nothing is resolved)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise UnsupportedURLError(f"Only http and https addresses can be fetched, not {parts.scheme or 'none'!r}")
    if not parts.hostname:
        raise UnsupportedURLError("The address has no host name")
    try:
        port = parts.port
    except ValueError as exc:
        raise UnsupportedURLError(str(exc)) from exc
    return parts.hostname, port


def check_url(url: str, *, allow: Iterable[str] = ()) -> list[IPAddress]:
    """Check that ``url`` is http(s) with a host whose addresses are all public (or allowed)."""
    host, port = split_url(url)
    return check_host(host, port, allow=allow)


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to checked addresses.

    The host is resolved once, every address checked, and the socket opened
    to a checked address; TLS still verifies the certificate against the
    host name (httpcore passes the origin host as SNI).
    """

    def __init__(self, allow: Iterable[str] = ()) -> None:
        self.allow = tuple(allow)
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = check_host(host, port, allow=self.allow)
        last_error: Exception | None = None
        for ip in addresses:
            try:
                return self._backend.connect_tcp(
                    str(ip), port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise BlockedAddressError(path, reason="unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def guarded_transport(allow: Iterable[str] = (), **kwargs: Any) -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes through ``GuardedBackend``."""
    transport = httpx.HTTPTransport(**kwargs)
    transport._pool._network_backend = GuardedBackend(allow)
    return transport
