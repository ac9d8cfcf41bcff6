"""The polling tick claims due sources so that two schedulers never poll one source twice."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from pressdesk.monitoring import polling, tasks
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_only_due_active_polled_sources_are_claimed_once() -> None:
    now = timezone.now()
    due = SourceFactory(next_check_at=now - datetime.timedelta(minutes=1))
    SourceFactory(next_check_at=now + datetime.timedelta(minutes=5))
    SourceFactory(next_check_at=now - datetime.timedelta(minutes=1), is_active=False)
    SourceFactory(next_check_at=now - datetime.timedelta(minutes=1), kind=Source.Kind.MANUAL)

    assert polling.claim_due_sources(now=now) == [due.pk]
    assert polling.claim_due_sources(now=now) == []  # a second scheduler finds nothing
    due.refresh_from_db()
    assert due.next_check_at == now + polling.CLAIM_LEASE


def test_claim_loses_to_a_concurrent_claim() -> None:
    now = timezone.now()
    due = SourceFactory(next_check_at=now - datetime.timedelta(minutes=1))
    real_update = Source.objects.filter(pk=due.pk).update

    # Another scheduler moves the row between our read and our compare-and-set.
    original = polling.Source.objects.filter

    def racing_filter(*args: object, **kwargs: object) -> object:
        if "next_check_at" in kwargs and "pk" in kwargs:
            real_update(next_check_at=now + datetime.timedelta(minutes=10))
        return original(*args, **kwargs)

    with mock.patch.object(polling.Source.objects, "filter", side_effect=racing_filter):
        assert polling.claim_due_sources(now=now) == []


def test_tick_enqueues_every_due_source_once_in_batches(django_capture_on_commit_callbacks: object) -> None:
    now = timezone.now()
    sources = [SourceFactory(next_check_at=now - datetime.timedelta(minutes=1)) for _ in range(5)]
    with (
        mock.patch.object(tasks, "POLL_BATCH_SIZE", 2),
        mock.patch.object(tasks.poll_sources, "apply_async") as delay,
        django_capture_on_commit_callbacks(execute=True),  # type: ignore[operator]
    ):
        assert tasks.poll_due_sources() == 5
    batches = [call.args[0][0] for call in delay.call_args_list]  # sent through the outbox
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert sorted(pk for batch in batches for pk in batch) == sorted(s.pk for s in sources)


def test_poll_task_ignores_a_deleted_source() -> None:
    assert tasks.poll_source.delay(10**9).get() is None


def test_tick_sends_sources_with_a_collector_one_by_one(django_capture_on_commit_callbacks: object) -> None:
    now = timezone.now()
    feed = SourceFactory(next_check_at=now - datetime.timedelta(minutes=1))
    page = SourceFactory(next_check_at=now - datetime.timedelta(minutes=1), kind=Source.Kind.WEB_PAGE)
    with (
        mock.patch.object(tasks.poll_sources, "apply_async") as batch,
        mock.patch.object(tasks.poll_source, "apply_async") as single,
        django_capture_on_commit_callbacks(execute=True),  # type: ignore[operator]
    ):
        assert tasks.poll_due_sources() == 2
    assert [call.args[0][0] for call in batch.call_args_list] == [[feed.pk]]
    assert [call.args[0][0] for call in single.call_args_list] == [page.pk]
