"""Due-date reminders go out once a day per task, however often the scheduler runs."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from pressdesk.tasks import actions
from pressdesk.tasks.tasks import send_due_reminders

pytestmark = pytest.mark.django_db

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")


def test_reminder_is_emailed_once_per_day(province, make_task, mailoutbox):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=ISTANBUL), tick=False):
        make_task(title="Bugün bitecek iş", days=0)
        make_task(title="Haftaya iş", days=7)
        assert send_due_reminders() == 1
        with time_machine.travel(datetime.datetime(2026, 3, 10, 15, 0, tzinfo=ISTANBUL), tick=False):
            assert send_due_reminders() == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [province.staff.email]
    assert "Bugün bitecek iş" in mailoutbox[0].subject


def test_overdue_task_is_reminded_again_the_next_day(province, make_task, mailoutbox):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=ISTANBUL), tick=False):
        make_task(title="Gecikmiş iş", days=-1)
        send_due_reminders()
        send_due_reminders()
    with time_machine.travel(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=ISTANBUL), tick=False):
        assert timezone.localdate() == datetime.date(2026, 3, 11)
        send_due_reminders()
    assert len(mailoutbox) == 2


def test_completed_task_gets_no_reminder(province, make_task, mailoutbox):
    task = make_task(days=0)
    actions.complete_task(actor=province.staff, task=task)
    assert send_due_reminders() == 0
    assert mailoutbox == []


def test_day_changes_at_istanbul_midnight(province, make_task, mailoutbox):
    """23:30 UTC on the 10th is already the 11th in Istanbul (UTC+3)."""
    with time_machine.travel(datetime.datetime(2026, 3, 10, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert timezone.localdate() == datetime.date(2026, 3, 11)
        make_task(title="11'inde bitecek", days=0)
        assert send_due_reminders() == 1
