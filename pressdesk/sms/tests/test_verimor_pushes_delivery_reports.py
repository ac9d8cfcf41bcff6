"""Verimor pushes delivery reports to a secret address: the statuses are written at once, a temporary
failure is resent, and a wrong address, a malformed body or a stray report changes nothing."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.sms import actions
from pressdesk.sms.models import Batch, Campaign, Recipient
from pressdesk.sms.tests.conftest import approve

pytestmark = pytest.mark.django_db

TOKEN = "b2f1c0d9e8a7f6e5d4c3b2a1"


def _sent_campaign(province, verimor, capture):
    campaign = actions.save_campaign(
        actor=province.staff,
        title="Duyuru",
        kind=Campaign.Kind.ANNOUNCEMENT,
        text="Sayın {ad}, toplantı yarın 10:00'da.",
        groups=[f"org:{province.hospital.pk}"],
        scheduled_at=timezone.now() + datetime.timedelta(hours=1),
    )
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    actions.start(actor=province.staff, campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(scheduled_at=timezone.now() - datetime.timedelta(minutes=1))
    with capture(execute=True):
        actions.start_due_campaigns()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    return campaign


def _rows(campaign, statuses):
    ref = Batch.objects.filter(campaign=campaign).values_list("provider_ref", flat=True).first()
    return [
        {"type": "outbound", "campaign_id": int(ref), "campaign_custom_id": "x", "message_id": str(n),
         "dest": number.lstrip("+"), "status": status, "gsm_error": "0", "done_at": "2026-12-08 10:00:00"}
        for n, (number, status) in enumerate(statuses.items())
    ]  # fmt: skip


def test_pushed_reports_are_recorded_and_a_failure_is_resent_once(
    province, staff, verimor, settings, client, django_capture_on_commit_callbacks
):
    settings.SMS_VERIMOR_PUSH_TOKEN = TOKEN
    campaign = _sent_campaign(province, verimor, django_capture_on_commit_callbacks)
    numbers = sorted(campaign.recipients.values_list("mobile", flat=True))
    assert len(numbers) == 2
    url = reverse("sms:verimor_push", args=[TOKEN])
    body = _rows(campaign, {numbers[0]: "DELIVERED", numbers[1]: "NOT_DELIVERED"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.content == b"OK"  # no log-in, no CSRF token
    statuses = dict(campaign.recipients.filter(retry_of__isnull=True).values_list("mobile", "status"))
    assert statuses == {numbers[0]: Recipient.Status.DELIVERED, numbers[1]: Recipient.Status.RETRIED}
    assert sorted(verimor.counts().values()) == [1, 2]  # the failed one resent once

    # The same push again (Verimor retries when it gets no answer): nothing changes, nothing is resent.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, json.dumps(body), content_type="application/json").status_code == 200
    assert sorted(verimor.counts().values()) == [1, 2]


def test_a_wrong_address_a_bad_body_or_a_stray_report_changes_nothing(
    province, staff, verimor, settings, client, django_capture_on_commit_callbacks
):
    campaign = _sent_campaign(province, verimor, django_capture_on_commit_callbacks)
    number = campaign.recipients.values_list("mobile", flat=True).first()
    body = json.dumps(_rows(campaign, {number: "DELIVERED"}))
    url = reverse("sms:verimor_push", args=[TOKEN])

    assert client.post(url, body, content_type="application/json").status_code == 404  # push not configured
    settings.SMS_VERIMOR_PUSH_TOKEN = TOKEN
    wrong = reverse("sms:verimor_push", args=["yanlis" + TOKEN[6:]])
    assert client.post(wrong, body, content_type="application/json").status_code == 404
    assert client.get(url).status_code == 405
    assert client.post(url, "{bozuk", content_type="application/json").status_code == 400
    assert client.post(url, json.dumps({"status": "DELIVERED"}), content_type="application/json").status_code == 200
    stray = json.dumps([{"type": "outbound", "campaign_id": 999999, "dest": number.lstrip("+"), "status": "DELIVERED"}])
    assert client.post(url, stray, content_type="application/json").status_code == 200
    inbound = json.dumps([{"type": "inbound", "source_addr": "905551112233", "content": "merhaba"}])
    assert client.post(url, inbound, content_type="application/json").status_code == 200
    assert not campaign.recipients.filter(status=Recipient.Status.DELIVERED).exists()

    # Another provider's batch with the same job number is never touched.
    Campaign.objects.filter(pk=campaign.pk).update(provider="netgsm")
    assert client.post(url, body, content_type="application/json").status_code == 200
    assert not campaign.recipients.filter(status=Recipient.Status.DELIVERED).exists()
