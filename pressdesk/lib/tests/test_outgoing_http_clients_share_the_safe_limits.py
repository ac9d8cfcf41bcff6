"""Every outgoing HTTP client of the application goes through lib/safehttp's limits."""

import gzip
import re
from pathlib import Path

import httpx
import pytest
import respx

from pressdesk.lib import safehttp, sms

PACKAGE = Path(__file__).resolve().parents[2]
ALLOWED = {PACKAGE / "lib" / "safehttp.py", PACKAGE / "lib" / "netguard.py"}
NEW_CLIENT = re.compile(r"httpx\.(Client|AsyncClient|get|post|put|patch|delete|request|stream)\(")


def test_no_module_builds_its_own_httpx_client() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "testing.py"
        and path not in ALLOWED
        and NEW_CLIENT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@respx.mock
def test_sms_provider_answer_is_capped(settings) -> None:
    settings.SMS_BACKEND = "netgsm"
    settings.SMS_NETGSM_USERNAME, settings.SMS_NETGSM_PASSWORD, settings.SMS_SENDER = "u", "p", "ILSAGLIK"
    settings.SMS_NETGSM_URL = "https://api.netgsm.com.tr/sms/rest/v2/send"
    bomb = gzip.compress(b" " * (20 * 1024 * 1024))
    respx.post(settings.SMS_NETGSM_URL).mock(
        return_value=httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})
    )
    with pytest.raises(sms.SmsError):
        sms.send_sms(["0532 123 45 67"], "Deneme")


def test_safe_client_refuses_stacked_encodings_from_any_transport() -> None:
    body = gzip.compress(gzip.compress(b"{}"))
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"Content-Encoding": "gzip, gzip"})
    )
    with safehttp.safe_client(transport=transport) as client, pytest.raises(safehttp.ContentEncodingError):
        client.get("https://example.org/")


def test_safe_client_decodes_one_encoding_under_the_cap() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=gzip.compress(b"x" * 5000), headers={"Content-Encoding": "gzip"})
    )
    with safehttp.safe_client(transport=transport, max_bytes=5000) as client:
        assert client.get("https://example.org/").content == b"x" * 5000
    with (
        safehttp.safe_client(transport=transport, max_bytes=4999) as client,
        pytest.raises(safehttp.ResponseTooLargeError),
    ):
        client.get("https://example.org/")


def test_a_charset_in_content_encoding_is_ignored_like_httpx_does() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=b"<rss/>", headers={"Content-Encoding": "UTF-8"})
    )
    with safehttp.safe_client(transport=transport) as client:
        assert client.get("https://example.org/").content == b"<rss/>"


def test_gzip_members_one_after_another_are_all_decoded() -> None:
    body = gzip.compress(b"<rss>") + gzip.compress(b"</rss>")
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"Content-Encoding": "gzip"})
    )
    with safehttp.safe_client(transport=transport) as client:
        assert client.get("https://example.org/").content == b"<rss></rss>"
