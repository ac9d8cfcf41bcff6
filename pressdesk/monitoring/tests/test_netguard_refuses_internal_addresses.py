"""The SSRF guard (pressdesk/lib/netguard.py): internal addresses are refused unless allowed."""

import socket
from typing import Any

import httpx
import pytest

from pressdesk.lib import netguard


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "127.8.9.10",
        "10.0.0.5",  # private
        "172.16.4.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "169.254.10.10",  # link-local
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "0.0.0.0",  # unspecified  # noqa: S104
        "100.64.0.1",  # carrier-grade NAT
        "100.127.255.254",
        "::1",
        "::",
        "fc00::1",  # unique local
        "fd12:3456::1",
        "fe80::1",  # link-local
        "ff02::1",  # multicast
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    ],
)
def test_internal_literal_address_is_refused(address: str) -> None:
    with pytest.raises(netguard.BlockedAddressError):
        netguard.check_url(f"http://[{address}]/feed" if ":" in address else f"http://{address}/feed")


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "100.128.0.1"])
def test_public_address_is_accepted(address: str) -> None:
    url = f"https://[{address}]/" if ":" in address else f"https://{address}/"
    assert [str(ip) for ip in netguard.check_url(url)] == [str(netguard.resolve(address)[0])]


def _fake_dns(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> None:
    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        return [
            (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0))
            for ip in table[host]
        ]

    monkeypatch.setattr(netguard.socket, "getaddrinfo", getaddrinfo)


def test_name_resolving_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"intranet.example.com": ["10.1.2.3"]})
    with pytest.raises(netguard.BlockedAddressError, match=r"10\.1\.2\.3"):
        netguard.check_url("https://intranet.example.com/rss")


def test_name_with_one_public_and_one_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"mixed.example.com": ["93.184.216.34", "fd00::5"]})
    with pytest.raises(netguard.BlockedAddressError):
        netguard.check_url("https://mixed.example.com/rss")


def test_name_resolving_to_metadata_over_ipv6_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"meta.example.com": ["fd00:ec2::254"]})
    with pytest.raises(netguard.BlockedAddressError):
        netguard.check_url("http://meta.example.com/")


def test_allow_list_admits_a_named_internal_host(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"intranet.saglik.local": ["10.1.2.3"], "other.saglik.local": ["10.1.2.4"]})
    allow = ["Intranet.Saglik.Local"]
    assert [str(ip) for ip in netguard.check_url("http://intranet.saglik.local/rss", allow=allow)] == ["10.1.2.3"]
    with pytest.raises(netguard.BlockedAddressError):
        netguard.check_url("http://other.saglik.local/rss", allow=allow)


def test_allow_list_admits_an_address_or_network() -> None:
    assert netguard.check_url("http://127.0.0.1:8000/", allow=["127.0.0.1"])
    assert netguard.check_url("http://10.9.9.9/", allow=["10.0.0.0/8"])
    with pytest.raises(netguard.BlockedAddressError):
        netguard.check_url("http://10.9.9.9/", allow=["192.168.0.0/16"])


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "ftp://example.com/", "http:///nohost"])
def test_other_schemes_and_missing_hosts_are_refused(url: str) -> None:
    with pytest.raises(netguard.UnsupportedURLError):
        netguard.check_url(url)


def test_guarded_transport_refuses_before_connecting() -> None:
    with httpx.Client(transport=netguard.guarded_transport()) as client, pytest.raises(netguard.BlockedAddressError):
        client.get("http://127.0.0.1:9/")


def test_guarded_transport_refuses_a_name_that_resolves_internally(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"rebind.example.com": ["127.0.0.1"]})
    with httpx.Client(transport=netguard.guarded_transport()) as client, pytest.raises(netguard.BlockedAddressError):
        client.get("http://rebind.example.com:9/")
