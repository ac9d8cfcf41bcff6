"""Two workers on one campaign (the beat queued a stalled campaign again while its task still ran) share the
batches: a worker skips a batch the other holds the lease of without spending a rate-limit token on it, waits
when only leased batches are left, and takes a batch back once its lease has run out (its holder died)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pressdesk.sms import actions
from pressdesk.sms.models import Batch, Campaign, RateBucket
from pressdesk.sms.tests.conftest import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(province, staff, settings, verimor, django_capture_on_commit_callbacks):
    settings.SMS_BATCH_SIZE = 1
    settings.SMS_RATE_PER_MINUTE = 60
    campaign = actions.save_campaign(
        actor=province.staff, title="Duyuru", kind=Campaign.Kind.ANNOUNCEMENT, text="Sayın {ad}, duyuru.",
        groups=["everyone"],
    )  # fmt: skip
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    campaign.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):  # batches written, the task not run
        actions.start(actor=province.staff, campaign=campaign)
    return campaign


def _hold(batch: Batch, seconds: float = 10) -> None:
    Batch.objects.filter(pk=batch.pk).update(leased_until=timezone.now() + datetime.timedelta(seconds=seconds))


def test_a_batch_another_worker_holds_costs_no_token(sending, verimor):
    first = Batch.objects.filter(campaign=sending).order_by("number").first()
    _hold(first)
    RateBucket.objects.update_or_create(provider="verimor", defaults={"tokens": 5, "updated_at": timezone.now()})
    assert actions.send_batch(first.pk) == "leased"
    assert RateBucket.objects.get(provider="verimor").tokens == 5  # no token spent on it
    assert verimor.requests == []


def test_the_second_worker_waits_for_the_first_and_nothing_is_sent_twice(sending, verimor):
    batches = list(Batch.objects.filter(campaign=sending).order_by("number"))
    held = batches[1]
    _hold(held)
    waits: list[float] = []

    def other_worker_finishes(seconds: float) -> None:
        # While this worker waits, the lease holder sends its batch.
        waits.append(seconds)
        Batch.objects.filter(pk=held.pk).update(leased_until=None)
        assert actions.send_batch(held.pk) == "sent"

    assert actions.send_campaign(sending.pk, sleep=other_worker_finishes) == "sent"
    assert len(waits) == 1 and 0 < waits[0] <= actions.LEASE_POLL
    counts = verimor.counts()
    assert len(counts) == len(batches) and set(counts.values()) == {1}
    sending.refresh_from_db()
    assert sending.status == Campaign.Status.SENT


def test_a_dead_holders_batch_comes_back_when_its_lease_runs_out(sending, verimor):
    batches = list(Batch.objects.filter(campaign=sending).order_by("number"))
    # A worker killed with kill -9 just after taking the lease. The lease outlasts the other batches'
    # sending however slow the machine (0.2 s did not, on a busy CI machine), and ``sleep`` runs it out.
    _hold(batches[0])
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        Batch.objects.filter(pk=batches[0].pk).update(leased_until=timezone.now())  # time passes

    assert actions.send_campaign(sending.pk, sleep=sleep) == "sent"
    assert slept  # it waited for the lease instead of leaving the batch to the beat five minutes later
    assert set(verimor.counts().values()) == {1}
    assert len(verimor.counts()) == len(batches)


def test_a_crash_while_sending_gives_the_lease_back(sending, verimor):
    batch = Batch.objects.filter(campaign=sending).order_by("number").first()

    class Boom(Exception):
        pass

    class Exploding:
        name = "verimor"

        def send(self, messages, *, key):  # type: ignore[no-untyped-def]
            raise Boom

        def close(self) -> None:
            pass

    with pytest.raises(Boom):
        actions.send_batch(batch.pk, Exploding())  # type: ignore[arg-type]
    batch.refresh_from_db()
    assert batch.status == Batch.Status.PENDING and batch.leased_until is None
