"""Sending: batches recorded before sending, a retry or a double click never sends twice,
insufficient credit or a timeout halfway pauses the campaign, resuming sends only what is left."""

from __future__ import annotations

import pytest

from pressdesk.sms import actions
from pressdesk.sms.models import Batch, Campaign, Recipient
from pressdesk.sms.providers.verimor import VerimorProvider
from pressdesk.sms.tests.conftest import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(province, staff, settings):
    settings.SMS_BATCH_SIZE = 1
    campaign = actions.save_campaign(
        actor=province.staff, title="Duyuru", kind=Campaign.Kind.ANNOUNCEMENT, text="Sayın {ad}, duyuru.",
        groups=["everyone"],
    )  # fmt: skip
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    campaign.refresh_from_db()
    return campaign


def _start(province, campaign, capture):
    with capture(execute=True):
        return actions.start(actor=province.staff, campaign=campaign)


def test_a_double_click_and_a_rerun_send_each_message_once(
    province, campaign, verimor, django_capture_on_commit_callbacks
):
    _start(province, campaign, django_capture_on_commit_callbacks)
    _start(province, campaign, django_capture_on_commit_callbacks)  # the second click changes nothing
    assert actions.send_campaign(campaign.pk) == "sent"  # a task delivered again
    for batch in Batch.objects.filter(campaign=campaign):
        assert actions.send_batch(batch.pk) == "skipped"
    assert sorted(verimor.counts().values()) == [1, 1, 1, 1]
    assert len(verimor.requests) == 4


def test_insufficient_credit_halfway_pauses_and_resume_sends_the_rest_once(
    province, campaign, verimor, django_capture_on_commit_callbacks
):
    verimor.credit = 2
    _start(province, campaign, django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PAUSED
    assert "credit" in campaign.pause_reason or "kredi" in campaign.pause_reason
    statuses = sorted(Recipient.objects.filter(campaign=campaign).values_list("status", flat=True))
    assert statuses == ["pending", "pending", "sent", "sent"]
    assert len(verimor.received) == 2

    verimor.credit = 10
    with django_capture_on_commit_callbacks(execute=True):
        actions.resume(actor=province.staff, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert sorted(verimor.counts().values()) == [1, 1, 1, 1]


def test_a_timeout_after_the_provider_accepted_is_not_delivered_twice(
    province, campaign, verimor, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """The provider took the batch but the answer came too late: resuming sends the same custom_id."""
    from pressdesk.sms.providers import base

    settings.SMS_RETRY_ATTEMPTS = 0  # automatic retries: test_temporary_failures_are_retried_…
    monkeypatch.setattr(base, "TIMEOUT", base.httpx.Timeout(0.3, connect=1.0))
    verimor.delay = 0.6
    _start(province, campaign, django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PAUSED
    assert len(verimor.received) == 1  # accepted by the provider, unknown to us
    verimor.delay = 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.resume(actor=province.staff, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert sorted(verimor.counts().values()) == [1, 1, 1, 1]
    assert Recipient.objects.filter(campaign=campaign, status="sent").count() == 4


def test_batches_are_recorded_before_sending(province, campaign, verimor):
    actions.start(actor=province.staff, campaign=campaign)  # the task runs only after commit
    assert Batch.objects.filter(campaign=campaign, status="pending").count() == 4
    assert not Recipient.objects.filter(campaign=campaign, batch__isnull=True).exists()
    assert verimor.received == []


def test_numbers_and_bodies_are_not_logged(province, campaign, verimor, caplog, django_capture_on_commit_callbacks):
    import logging

    caplog.set_level(logging.DEBUG)
    _start(province, campaign, django_capture_on_commit_callbacks)
    text = caplog.text
    assert "532111" not in text and "5321112233" not in text and "duyuru" not in text


def test_verimor_provider_errors_are_turkish(settings, verimor):
    from django.utils import translation

    from pressdesk.sms.providers import Outgoing, ProviderError

    verimor.credit = 0
    with translation.override("tr"), pytest.raises(ProviderError) as error:
        VerimorProvider().send([Outgoing("1", "+905321112233", "Merhaba")], key="k1")
    assert error.value.pause
    assert "kredi" in str(error.value).lower() or "credit" in str(error.value).lower()
