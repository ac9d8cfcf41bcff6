"""client_ip() reads X-Forwarded-For only through the configured number of trusted proxies."""

import pytest
from django.test import RequestFactory

from pressdesk.lib.clientip import client_ip


def request(forwarded: str | None = None, remote: str = "10.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_header_is_ignored(settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 0
    assert client_ip(request("198.51.100.7")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.7, 203.0.113.5", "203.0.113.5"),  # the client forged the first entry
        (2, "198.51.100.7, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "203.0.113.5", "10.0.0.1"),  # fewer entries than proxies: the connection's address
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_the_nth_address_from_the_right_is_the_client(settings, proxies, forwarded, expected):
    settings.PRESSDESK_TRUSTED_PROXIES = proxies
    assert client_ip(request(forwarded)) == expected
