"""Temporary failures are retried without a person, never twice for one message:

* a temporary provider error (server error, rate limit) sends the batch again with backoff and jitter, with
  the same idempotency key, a bounded number of times; then the campaign pauses with the reason in Turkish;
* a message the delivery report marks expired or not delivered is resent once, in a new batch with its own
  key (a new message reference); the original is marked ``retried``; a delivered one is never resent;
* a permanent failure (a refusal, a rejected message) is never retried.

Against the fake Verimor server on 127.0.0.1; time is moved with time-machine, not slept on."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from pressdesk.sms import actions
from pressdesk.sms.models import Batch, Campaign, Recipient
from pressdesk.sms.providers.verimor import VerimorProvider
from pressdesk.sms.tests.conftest import approve

pytestmark = pytest.mark.django_db

AYSE, HASAN, ELIF, MURAT = "905321112233", "905332223344", "905343334455", "905354445566"


@pytest.fixture
def campaign(province, staff, settings, verimor):
    settings.SMS_BATCH_SIZE = 1
    settings.SMS_RETRY_ATTEMPTS = 3
    settings.SMS_RETRY_BACKOFF = 5
    campaign = actions.save_campaign(
        actor=province.staff, title="Duyuru", kind=Campaign.Kind.ANNOUNCEMENT, text="Sayın {ad}, duyuru.",
        groups=["everyone"],
    )  # fmt: skip
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    actions.start(actor=province.staff, campaign=campaign)  # the task is not run: the test sends itself
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _send(campaign, clock):
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock.shift(datetime.timedelta(seconds=seconds))

    outcome = actions.send_campaign(campaign.pk, sleep=sleep)
    campaign.refresh_from_db()
    return outcome, slept


def test_a_temporary_error_is_retried_with_backoff_and_nothing_is_sent_twice(campaign, verimor, clock):
    verimor.errors = [(500, "Internal Server Error"), (429, "RATE LIMIT EXCEEDED")]
    outcome, slept = _send(campaign, clock)
    assert outcome == "sent" and campaign.status == Campaign.Status.SENT and campaign.pause_reason == ""
    assert sorted(verimor.counts().values()) == [1, 1, 1, 1]
    assert len(verimor.requests) == 6  # two batches failed once each and were sent on their next attempt
    assert sum(slept) >= 2.5  # waited for the backoff (5 s × 0.5…1.5), not retried at once
    failed = Batch.objects.filter(campaign=campaign, failures=1)
    assert failed.count() == 2 and all(b.status == "sent" and b.attempts == 2 for b in failed)
    keys = [r["custom_id"] for r in verimor.requests]
    assert len(set(keys)) == 4  # a retry carries the batch's own key again


def test_the_backoff_doubles_with_jitter_and_is_bounded(settings):
    settings.SMS_RETRY_BACKOFF = 5
    assert actions.retry_delay(1, rand=lambda: 0.0) == datetime.timedelta(seconds=2.5)
    assert actions.retry_delay(3, rand=lambda: 1.0) == datetime.timedelta(seconds=30)
    assert actions.retry_delay(20, rand=lambda: 0.5) == datetime.timedelta(seconds=300)


def test_retries_are_bounded_then_the_campaign_pauses_with_a_turkish_reason(campaign, verimor, clock, settings):
    verimor.errors = [(503, "Service Unavailable")] * 4
    Batch.objects.filter(campaign=campaign).exclude(number=1).delete()  # one batch, one recipient
    with translation.override("tr"):
        outcome, _slept = _send(campaign, clock)
    assert outcome == "paused" and campaign.status == Campaign.Status.PAUSED
    assert len(verimor.requests) == 4  # the first attempt and three retries
    assert "4 kez denendi" in campaign.pause_reason and "Verimor" in campaign.pause_reason
    assert verimor.received == []

    outcome, _slept = _send(campaign, clock)  # not sending: nothing happens until staff resume
    assert len(verimor.requests) == 4
    actions.resume(actor=campaign.created_by, campaign=campaign)
    assert Batch.objects.get(campaign=campaign).failures == 0
    outcome, _slept = _send(campaign, clock)
    assert outcome == "sent" and len(verimor.received) == 1


def test_a_permanent_failure_is_never_retried(campaign, verimor, clock, django_capture_on_commit_callbacks):
    verimor.errors = [(400, "INVALID_DESTINATION_ADDRESS")]
    outcome, slept = _send(campaign, clock)
    assert outcome == "paused" and campaign.status == Campaign.Status.PAUSED
    assert len(verimor.requests) == 1 and slept == []
    assert "kez" not in campaign.pause_reason and "times" not in campaign.pause_reason

    actions.resume(actor=campaign.created_by, campaign=campaign)
    _send(campaign, clock)
    verimor.statuses = {ELIF: "REJECTED"}  # refused by the operator: permanent
    with django_capture_on_commit_callbacks(execute=True):
        actions.fetch_reports(campaign.pk)
    assert Recipient.objects.get(campaign=campaign, mobile="+" + ELIF).status == "rejected"
    assert not Recipient.objects.filter(retry_of__isnull=False).exists()
    assert sorted(verimor.counts().values()) == [1, 1, 1, 1]


def test_an_expired_or_undelivered_message_is_resent_once_and_a_delivered_one_never(
    campaign, verimor, clock, django_capture_on_commit_callbacks
):
    _send(campaign, clock)
    verimor.statuses = {AYSE: "EXPIRED", HASAN: "NOT_DELIVERED", ELIF: "REJECTED"}
    with django_capture_on_commit_callbacks(execute=True):  # the resend batch's task runs on commit
        actions.fetch_reports(campaign.pk)
    assert verimor.counts() == {AYSE: 2, HASAN: 2, ELIF: 1, MURAT: 1}
    originals = {r.mobile: r for r in Recipient.objects.filter(campaign=campaign, retry_of__isnull=True)}
    assert originals["+" + AYSE].status == originals["+" + HASAN].status == "retried"
    assert originals["+" + MURAT].status == "delivered" and originals["+" + ELIF].status == "rejected"
    resend = Recipient.objects.get(retry_of=originals["+" + AYSE])
    assert resend.status == "sent" and resend.text == originals["+" + AYSE].text
    assert resend.batch.provider_ref != originals["+" + AYSE].batch.provider_ref  # a new message reference
    assert resend.batch.key != originals["+" + AYSE].batch.key  # its own idempotency key
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT

    # The resend expires too: it is not resent again; the original's report does not touch the resend.
    with django_capture_on_commit_callbacks(execute=True):
        actions.fetch_reports(campaign.pk)
    assert verimor.counts() == {AYSE: 2, HASAN: 2, ELIF: 1, MURAT: 1}
    assert Recipient.objects.get(pk=resend.pk).status == "expired"
    assert Recipient.objects.get(pk=originals["+" + AYSE].pk).status == "retried"

    verimor.statuses = {}
    actions.fetch_reports(campaign.pk)
    assert Recipient.objects.get(pk=resend.pk).status == "delivered"
    assert Recipient.objects.get(pk=originals["+" + AYSE].pk).status == "retried"
    assert campaign.approval_content()["recipients"] == 4  # what was approved is unchanged by resends


class WorkerKilled(BaseException):
    """What a worker killed right after the provider's answer looks like to the code: nothing recorded."""


def test_a_resend_after_a_worker_crash_does_not_double_send(campaign, verimor, clock, monkeypatch):
    _send(campaign, clock)
    verimor.statuses = {AYSE: "EXPIRED"}
    actions.record_reports(campaign, [("+" + AYSE, "expired", Batch.objects.get(number=1).provider_ref)])
    assert actions.schedule_resends(campaign.pk) == 1
    assert actions.schedule_resends(campaign.pk) == 0  # a second report task: still one resend

    real_send = VerimorProvider.send

    def send_then_die(self, messages, *, key):
        real_send(self, messages, key=key)
        raise WorkerKilled

    monkeypatch.setattr(VerimorProvider, "send", send_then_die)
    with pytest.raises(WorkerKilled):
        _send(campaign, clock)
    resend = Recipient.objects.get(retry_of__isnull=False)
    assert resend.status == "pending" and resend.batch.status == "pending"  # the provider took it, we lost it
    assert verimor.counts()[AYSE] == 2

    monkeypatch.setattr(VerimorProvider, "send", real_send)
    outcome, _slept = _send(campaign, clock)  # the restarted worker sends the same key: "already sent"
    assert outcome == "sent"
    assert verimor.counts() == {AYSE: 2, HASAN: 1, ELIF: 1, MURAT: 1}
    assert Recipient.objects.get(pk=resend.pk).status == "sent"
