"""lib/clientip: REMOTE_ADDR without proxies; with N trusted proxies the N-th X-Forwarded-For entry from the right."""

from django.test import RequestFactory

from pressdesk.lib.clientip import client_ip


def _request(remote: str = "192.0.2.1", forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_header_is_ignored(settings) -> None:
    settings.PRESSDESK_TRUSTED_PROXIES = 0
    assert client_ip(_request(forwarded="1.2.3.4")) == "192.0.2.1"


def test_one_proxy_takes_the_last_entry(settings) -> None:
    settings.PRESSDESK_TRUSTED_PROXIES = 1
    assert client_ip(_request(forwarded="6.6.6.6, 198.51.100.4")) == "198.51.100.4"


def test_two_proxies_take_the_second_from_the_right(settings) -> None:
    settings.PRESSDESK_TRUSTED_PROXIES = 2
    assert client_ip(_request(forwarded="6.6.6.6, 198.51.100.4, 10.0.0.2")) == "198.51.100.4"


def test_a_missing_or_garbled_header_falls_back_to_the_socket_address(settings) -> None:
    settings.PRESSDESK_TRUSTED_PROXIES = 1
    assert client_ip(_request()) == "192.0.2.1"
    assert client_ip(_request(forwarded="<script>")) == "192.0.2.1"
