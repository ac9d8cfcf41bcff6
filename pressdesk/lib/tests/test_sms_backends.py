"""The SMS client: Netgsm's REST API (respx), the locmem and console backends, masking, bad input."""

import json
import logging

import httpx
import pytest
import respx
from django.core.exceptions import ValidationError

from pressdesk.lib import sms

URL = "https://api.netgsm.com.tr/sms/rest/v2/send"


@pytest.fixture
def netgsm(settings):
    settings.SMS_BACKEND = "netgsm"
    settings.SMS_NETGSM_USERNAME = "8502000000"
    settings.SMS_NETGSM_PASSWORD = "gizli-parola"
    settings.SMS_SENDER = "ILSAGLIK"
    settings.SMS_NETGSM_URL = URL


@respx.mock
def test_netgsm_sends_an_informational_turkish_message(netgsm):
    route = respx.post(URL).mock(
        return_value=httpx.Response(200, json={"code": "00", "jobid": "17377215342605050417149344"})
    )
    job = sms.send_sms(["0532 123 45 67", "+90 (505) 111-2233"], "Şehir Hastanesi hakkında olumsuz haber")
    assert job == "17377215342605050417149344"
    request = route.calls.last.request
    body = json.loads(request.content)
    assert body["msgheader"] == "ILSAGLIK"
    assert body["encoding"] == "TR"
    assert body["iysfilter"] == "0"
    assert body["messages"] == [
        {"msg": "Şehir Hastanesi hakkında olumsuz haber", "no": "5321234567"},
        {"msg": "Şehir Hastanesi hakkında olumsuz haber", "no": "5051112233"},
    ]
    assert request.headers["Authorization"].startswith("Basic ")


@respx.mock
def test_netgsm_error_code_is_an_sms_error_with_its_reason(netgsm):
    respx.post(URL).mock(return_value=httpx.Response(200, json={"code": "40", "description": "msgheader"}))
    with pytest.raises(sms.SmsError) as caught:
        sms.send_sms(["05321234567"], "Deneme")
    assert caught.value.code == "40"
    assert not caught.value.retryable
    assert "sender header" in str(caught.value)


@respx.mock
def test_netgsm_server_error_and_timeouts_are_retryable(netgsm):
    respx.post(URL).mock(side_effect=[httpx.Response(503), httpx.ConnectTimeout("slow")])
    for _ in range(2):
        with pytest.raises(sms.SmsError) as caught:
            sms.send_sms(["05321234567"], "Deneme")
        assert caught.value.retryable


def test_netgsm_without_credentials_refuses_to_send(settings):
    settings.SMS_BACKEND = "netgsm"
    settings.SMS_NETGSM_USERNAME = ""
    with pytest.raises(sms.SmsError):
        sms.send_sms(["05321234567"], "Deneme")


def test_locmem_backend_collects_messages_with_normalised_numbers(settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    sms.send_sms(["0532 123 45 67"], "Uyarı")
    assert [(m.numbers, m.text) for m in sms.outbox] == [(["+905321234567"], "Uyarı")]


def test_a_landline_is_refused(settings):
    settings.SMS_BACKEND = "locmem"
    with pytest.raises(ValidationError):
        sms.send_sms(["0262 123 45 67"], "Uyarı")


def test_numbers_are_masked_in_logs(settings):
    settings.SMS_BACKEND = "console"
    assert sms.mask("+905321234567") == "+90532*****67"
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("pressdesk.lib.sms")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        sms.send_sms(["05321234567"], "Gizli metin")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    text = " ".join(record.getMessage() for record in records)
    assert "+90532*****67" in text
    assert "5321234567" not in text
    assert "Gizli metin" not in text
