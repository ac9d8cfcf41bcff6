"""Netgsm, İleti Merkezi and the dry run behind one interface (respx stands in for the providers)."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from django.utils import translation

from pressdesk.sms.providers import PROVIDERS, Outgoing, ProviderError, get_provider
from pressdesk.sms.providers.dry_run import DryRunProvider
from pressdesk.sms.providers.iletimerkezi import IletiMerkeziProvider
from pressdesk.sms.providers.netgsm import NetgsmProvider

MESSAGES = [
    Outgoing("1", "+905321112233", "Sayın Ayşe, bayramınız kutlu olsun."),
    Outgoing("2", "+905332223344", "Sayın Hasan, bayramınız kutlu olsun."),
]


@pytest.fixture
def credentials(settings):
    settings.SMS_SENDER = "KOCAELI ISM"
    settings.SMS_NETGSM_USERNAME, settings.SMS_NETGSM_PASSWORD = "850", "gizli"
    settings.SMS_ILETIMERKEZI_KEY, settings.SMS_ILETIMERKEZI_HASH = "anahtar", "ozet"


def test_providers_are_chosen_by_settings(settings):
    assert set(PROVIDERS) == {"dry_run", "netgsm", "iletimerkezi", "verimor"}
    settings.SMS_PROVIDER = "netgsm"
    assert isinstance(get_provider(), NetgsmProvider)
    settings.SMS_PROVIDER = "yok"
    with pytest.raises(ProviderError):
        get_provider()


@respx.mock
def test_netgsm_sends_n_to_n_flagged_informational(credentials):
    route = respx.post("https://api.netgsm.com.tr/sms/rest/v2/send").mock(
        return_value=httpx.Response(200, json={"code": "00", "jobid": "17377"})
    )
    accepted = NetgsmProvider().send(MESSAGES, key="k")
    assert accepted.job_ref == "17377"
    body = json.loads(route.calls[0].request.content)
    assert body["iysfilter"] == "0" and body["encoding"] == "TR" and body["msgheader"] == "KOCAELI ISM"
    assert body["messages"][0] == {"msg": MESSAGES[0].text, "no": "5321112233"}
    assert route.calls[0].request.headers["Authorization"].startswith("Basic ")


@pytest.mark.parametrize(
    ("code", "pause", "words"), [("30", True, "şifre"), ("40", True, "gönderici adı"), ("80", False, "limit")]
)
@respx.mock
def test_netgsm_error_codes_in_turkish(credentials, code, pause, words):
    respx.post("https://api.netgsm.com.tr/sms/rest/v2/send").mock(return_value=httpx.Response(200, json={"code": code}))
    with translation.override("tr"), pytest.raises(ProviderError) as error:
        NetgsmProvider().send(MESSAGES, key="k")
    assert error.value.code == code and error.value.pause is pause
    assert words in str(error.value).lower()


@respx.mock
def test_netgsm_reports(credentials):
    respx.post("https://api.netgsm.com.tr/sms/rest/v2/report").mock(
        return_value=httpx.Response(
            200,
            json={
                "code": "00",
                "jobs": [
                    {"jobid": "17377", "number": "905321112233", "status": 1},
                    {"jobid": "17377", "number": "905332223344", "status": 2},
                ],
            },
        )
    )
    reports = NetgsmProvider().report(["17377"])
    assert [(r.number, r.status) for r in reports] == [("+905321112233", "delivered"), ("+905332223344", "expired")]


@respx.mock
def test_iletimerkezi_one_order_per_text_and_duplicate_order_counts_as_sent(credentials):
    route = respx.post("https://api.iletimerkezi.com/v1/send-sms/json").mock(
        side_effect=[
            httpx.Response(200, json={"response": {"status": {"code": "200"}, "order": {"id": "501"}}}),
            httpx.Response(200, json={"response": {"status": {"code": "200"}, "order": {"id": "502"}}}),
            httpx.Response(200, json={"response": {"status": {"code": "451", "message": "Tekrar eden sipariş"}}}),
            httpx.Response(200, json={"response": {"status": {"code": "451", "message": "Tekrar eden sipariş"}}}),
        ]
    )
    provider = IletiMerkeziProvider()
    accepted = provider.send(MESSAGES, key="k")
    assert accepted.job_ref == "501,502"
    body = json.loads(route.calls[0].request.content)["request"]
    assert body["authentication"] == {"key": "anahtar", "hash": "ozet"}
    assert body["order"]["iys"] == "0"
    assert body["order"]["message"]["receipents"]["number"] == ["5321112233"]
    again = provider.send(MESSAGES, key="k")
    assert again.duplicate and again.job_ref == ""


@respx.mock
def test_iletimerkezi_insufficient_balance_pauses(credentials):
    respx.post("https://api.iletimerkezi.com/v1/send-sms/json").mock(
        return_value=httpx.Response(200, json={"response": {"status": {"code": "402", "message": "Bakiye yetersiz"}}})
    )
    with translation.override("tr"), pytest.raises(ProviderError) as error:
        IletiMerkeziProvider().send(MESSAGES, key="k")
    assert error.value.pause and "bakiye" in str(error.value).lower()


@pytest.mark.django_db
def test_dry_run_records_without_sending_and_reports_delivered():
    from pressdesk.sms.providers import dry_run

    provider = DryRunProvider()
    accepted = provider.send(MESSAGES, key="k")
    assert provider.send(MESSAGES, key="k").duplicate
    assert [(m.number, m.text) for m in dry_run.sent()] == [(m.number, m.text) for m in MESSAGES]
    assert {r.status for r in provider.report([accepted.job_ref])} == {"delivered"}


def test_the_dry_run_is_the_default(settings):
    settings.SMS_PROVIDER = ""
    assert isinstance(get_provider(), DryRunProvider)
