"""A starting worker releases the sources of poll tasks that never finished, and only those."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from pressdesk.celery import app as celery_app
from pressdesk.monitoring import polling, tasks
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.outbox.models import Message

pytestmark = pytest.mark.django_db


def test_unfinished_poll_tasks_release_their_unchecked_sources_and_are_marked_done():
    now = timezone.now()
    claimed = now + polling.CLAIM_LEASE
    lost = [SourceFactory(next_check_at=claimed) for _ in range(2)]
    checked = SourceFactory(next_check_at=now + datetime.timedelta(hours=1), last_checked_at=now)
    single = SourceFactory(next_check_at=claimed)
    running = SourceFactory(next_check_at=claimed)
    done = SourceFactory(next_check_at=claimed)
    created = now - datetime.timedelta(minutes=1)
    batch = Message.objects.create(
        task=tasks.poll_sources.name, args=[[s.pk for s in [*lost, checked]]], created_at=created
    )
    one = Message.objects.create(task=tasks.poll_source.name, args=[single.pk], created_at=created)
    elsewhere = Message.objects.create(task=tasks.poll_sources.name, args=[[running.pk]], created_at=created)
    Message.objects.create(task=tasks.poll_sources.name, args=[[done.pk]], created_at=created, completed_at=now)

    assert polling.release_abandoned_claims(now=now, running=[elsewhere.task_id, "some-other-task"]) == 3

    for source in [*lost, single]:
        source.refresh_from_db()
        assert source.next_check_at == now  # due at once
    for source, expected in [(checked, now + datetime.timedelta(hours=1)), (running, claimed), (done, claimed)]:
        source.refresh_from_db()
        assert source.next_check_at == expected
    batch.refresh_from_db()
    one.refresh_from_db()
    elsewhere.refresh_from_db()
    assert batch.completed_at == one.completed_at == now  # a late redelivery is skipped
    assert elsewhere.completed_at is None


def test_the_broker_gives_a_killed_workers_task_to_another_worker_just_after_the_longest_time_limit():
    celery_app.loader.import_default_modules()
    limits = [task.time_limit or celery_app.conf.task_time_limit for task in celery_app.tasks.values()]
    longest = max(limit for limit in limits if limit)
    assert longest < settings.BROKER_VISIBILITY_TIMEOUT <= longest + 120
    backoff_max = max(getattr(task, "retry_backoff_max", 600) for task in celery_app.tasks.values())
    assert backoff_max < settings.BROKER_VISIBILITY_TIMEOUT  # a retry's countdown never outlives it


@pytest.mark.redis
def test_the_visibility_timeout_is_set_on_redis():
    assert celery_app.conf.broker_transport_options["visibility_timeout"] == settings.BROKER_VISIBILITY_TIMEOUT
