"""A host allowed by name is resolved once, every address checked, and the connection made to that address."""

import socket
from typing import Any

import pytest

from pressdesk.lib import netguard
from pressdesk.monitoring import fetching
from pressdesk.monitoring.tests.servers import FakeServer


def _rebinding_dns(monkeypatch: pytest.MonkeyPatch, host: str, answers: list[list[str]]) -> list[str]:
    """Each lookup of ``host`` answers the next list in ``answers`` (the last one forever)."""
    calls: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(name: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if name != host:
            return real(name, port, *args, **kwargs)  # a literal address (the socket being opened)
        calls.append(name)
        ips = answers[min(len(calls), len(answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0)) for ip in ips]

    monkeypatch.setattr(netguard.socket, "getaddrinfo", getaddrinfo)
    return calls


@pytest.mark.parametrize("address", ["169.254.169.254", "127.0.0.1", "0.0.0.0", "224.0.0.1"])  # noqa: S104
def test_a_host_allowed_by_name_is_refused_when_it_resolves_to_metadata_or_loopback(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    _rebinding_dns(monkeypatch, "intranet.saglik.local", [[address]])
    with pytest.raises(netguard.BlockedAddressError, match=address.replace(".", r"\.")):
        netguard.check_url("http://intranet.saglik.local/rss", allow=["intranet.saglik.local"])


def test_a_host_allowed_by_name_with_one_private_and_one_metadata_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _rebinding_dns(monkeypatch, "intranet.saglik.local", [["10.1.2.3", "169.254.169.254"]])
    with pytest.raises(netguard.BlockedAddressError):
        netguard.check_url("http://intranet.saglik.local/rss", allow=["intranet.saglik.local"])


def test_localhost_allowed_by_name_may_reach_loopback_but_not_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    _rebinding_dns(monkeypatch, "localhost", [["127.0.0.1"]])
    assert netguard.check_url("http://localhost:8000/", allow=["localhost"])
    _rebinding_dns(monkeypatch, "localhost", [["169.254.169.254"]])
    with pytest.raises(netguard.BlockedAddressError):
        netguard.check_url("http://localhost:8000/", allow=["localhost"])


def test_the_address_itself_may_still_be_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    _rebinding_dns(monkeypatch, "yerel.test", [["127.0.0.1"]])
    assert netguard.check_url("http://yerel.test/", allow=["127.0.0.1"])


def test_fetch_resolves_once_and_connects_to_the_checked_address(
    monkeypatch: pytest.MonkeyPatch, server: FakeServer
) -> None:
    """The second lookup would answer the metadata address: it never happens."""
    server.serve("/feed", b"<rss/>")
    calls = _rebinding_dns(monkeypatch, "feed.intranet.test", [["127.0.0.1"], ["169.254.169.254"]])
    result = fetching.fetch(f"http://feed.intranet.test:{server.port}/feed", allow_private_hosts=["127.0.0.1"])
    assert result.body == b"<rss/>"
    assert calls == ["feed.intranet.test"]
    assert server.requests[0]["headers"]["Host"] == f"feed.intranet.test:{server.port}"
