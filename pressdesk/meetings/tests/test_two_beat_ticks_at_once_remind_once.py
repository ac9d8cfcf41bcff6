"""Two runs of the VTC reminder task at the same moment (two beat ticks, a retry overlapping the
first) send each reminder once: the second insert of the reminder row waits for the first
transaction and then fails, so its notification is never written (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from pressdesk.meetings import tasks
from pressdesk.meetings.models import VtcReminder
from pressdesk.notifications.models import Notification
from pressdesk.testing.meetings import make_room

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(fn, n=2):
    barrier = threading.Barrier(n)
    results: list[object] = []

    def run():
        barrier.wait()
        try:
            results.append(fn())
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_ticks_at_once_send_the_reminder_once(province):
    make_room(province)
    results = _race(tasks.remind_vtc_tests)
    assert sorted(results) == [0, 1], results
    assert VtcReminder.objects.count() == 1
    recipients = list(Notification.objects.filter(kind="meeting_vtc_test_due").values_list("recipient_id", flat=True))
    assert recipients and len(recipients) == len(set(recipients))
