"""A worker that dies in the middle of a campaign, right after the provider accepted a batch and before its
transaction committed (what ``kill -9`` does at the worst moment), then a restarted worker: 0 duplicates,
0 missing, counted by the fake Verimor server on 127.0.0.1.

The death is simulated in-process (a ``BaseException`` that nothing catches, so the claim's transaction rolls
back exactly as when the process vanishes); a real worker process killed with SIGKILL is tested in
``test_a_killed_worker_process_loses_and_repeats_nothing.py`` (PostgreSQL and Redis)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pressdesk.sms import actions
from pressdesk.sms.models import Batch, Campaign, Recipient
from pressdesk.sms.providers.verimor import VerimorProvider
from pressdesk.sms.tests.conftest import approve

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """The process is gone: no handler runs, the open transaction is rolled back."""


class DiesAfterTheThirdBatch(VerimorProvider):
    def __init__(self) -> None:
        super().__init__()
        self.batches = 0

    def send(self, messages, *, key):  # type: ignore[no-untyped-def]
        accepted = super().send(messages, key=key)
        self.batches += 1
        if self.batches == 3:
            raise Killed
        return accepted


@pytest.fixture
def campaign(province, staff, settings, verimor):
    settings.SMS_BATCH_SIZE = 1
    province.unit_head.phone = "0536 555 66 77"
    province.unit_head.save()
    campaign = actions.save_campaign(
        actor=province.staff, title="Duyuru", kind="announcement", text="Sayın {ad}, duyuru.", groups=["everyone"]
    )
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    campaign.refresh_from_db()
    actions.start(actor=province.staff, campaign=campaign)  # batches written; the task would run after commit
    return campaign


def test_killed_after_the_provider_accepted_then_restarted(campaign, verimor, django_capture_on_commit_callbacks):
    with pytest.raises(Killed):
        actions.send_campaign(campaign.pk, DiesAfterTheThirdBatch())
    assert len(verimor.received) == 3  # the provider has three batches
    assert Batch.objects.filter(campaign=campaign, status="sent").count() == 2  # we recorded two

    # The restarted worker: the beat finds the stalled campaign and queues it again.
    later = timezone.now() + datetime.timedelta(minutes=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.resume_stalled(now=later) == 1
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    counts = verimor.counts()
    assert len(counts) == 5  # 0 missing: four staff contacts and the unit head
    assert set(counts.values()) == {1}  # 0 duplicates: the third batch's custom_id was recognised
    assert Recipient.objects.filter(campaign=campaign, status="sent").count() == 5
    assert actions.resume_stalled(now=later) == 0


def test_a_campaign_making_progress_is_not_queued_again(campaign, verimor):
    assert actions.resume_stalled(now=timezone.now() + datetime.timedelta(minutes=1)) == 0
