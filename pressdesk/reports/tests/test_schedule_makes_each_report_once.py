"""The beat tick makes each due report once, at the configured time, and sends it (or keeps it for review)."""

import datetime
import zoneinfo

import time_machine
from django.core import mail
from django.test import TestCase

from pressdesk.notifications.models import Notification
from pressdesk.reports import actions, periods, queries, tasks
from pressdesk.reports.models import Report
from pressdesk.reports.tests.helpers import add_recipient

IST = zoneinfo.ZoneInfo("Europe/Istanbul")


def tick():
    """The beat task, with the side effects it schedules after commit (the e-mails) run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return tasks.enqueue_due_reports()


def _at(*args):
    return datetime.datetime(*args, tzinfo=IST)


def _configure(province, **fields):
    report_settings = queries.settings_for(province.directorate)
    defaults = {"send_time": datetime.time(8, 30), "weekly_enabled": False, "monthly_enabled": False}
    return actions.save_settings(actor=province.unit_head, report_settings=report_settings, **{**defaults, **fields})


def test_daily_report_goes_once_at_the_configured_time(province, world):
    _configure(province)
    add_recipient(province, user=province.director)
    with time_machine.travel(_at(2026, 11, 20, 8, 0), tick=False):
        world.news("Şehir Hastanesi'nde yeni servis", sentiment="positive")
        assert tick() == []  # not yet 08:30
    with time_machine.travel(_at(2026, 11, 20, 8, 31), tick=False):
        made = tick()
        assert len(made) == 1
        assert tick() == []  # the next tick finds it made
    report = Report.objects.get(pk=made[0])
    assert report.scheduled
    assert report.status == "sent"
    assert report.period_end == _at(2026, 11, 20, 8, 30)
    assert report.period_start == _at(2026, 11, 19, 8, 30)
    assert len(mail.outbox) == 1
    assert "Şehir Hastanesi'nde yeni servis" in mail.outbox[0].body


def test_empty_period_is_recorded_not_sent_unless_asked(province, world):
    _configure(province)
    add_recipient(province, user=province.director)
    with time_machine.travel(_at(2026, 11, 20, 8, 40), tick=False):
        [pk] = tick()
    assert Report.objects.get(pk=pk).status == "empty"
    assert mail.outbox == []

    _configure(province, send_when_empty=True)
    with time_machine.travel(_at(2026, 11, 21, 8, 40), tick=False):
        [pk] = tick()
    assert Report.objects.get(pk=pk).status == "sent"
    assert len(mail.outbox) == 1


def test_review_before_sending_keeps_a_draft_and_tells_the_unit(province, world):
    _configure(province, review_before_sending=True)
    add_recipient(province, user=province.director)
    with time_machine.travel(_at(2026, 11, 20, 8, 35), tick=False):
        world.news("Şehir Hastanesi haberi")
        [pk] = tick()
    assert Report.objects.get(pk=pk).status == "draft"
    assert not any(message.attachments for message in mail.outbox)
    assert Notification.objects.filter(recipient=province.staff, kind="report_ready").exists()


def test_a_tick_long_after_the_time_does_not_send_a_stale_report(province, world):
    _configure(province)
    with time_machine.travel(_at(2026, 11, 20, 20, 0), tick=False):
        assert tick() == []


def test_weekly_and_monthly_periods(province):
    report_settings = _configure(province, weekly_enabled=True, weekly_weekday=0, monthly_enabled=True)
    now = _at(2026, 12, 1, 8, 45)  # a Tuesday, the first of the month
    due = {kind: (start, end) for kind, start, end in periods.due_periods(report_settings, now)}
    assert due["daily"] == (_at(2026, 11, 30, 8, 30), _at(2026, 12, 1, 8, 30))
    assert due["monthly"] == (_at(2026, 11, 1, 8, 30), _at(2026, 12, 1, 8, 30))
    assert "weekly" not in due  # Monday's has passed by more than the catch-up window
    monday = _at(2026, 11, 30, 9, 0)
    due = {kind: (start, end) for kind, start, end in periods.due_periods(report_settings, monday)}
    assert due["weekly"] == (_at(2026, 11, 23, 8, 30), _at(2026, 11, 30, 8, 30))
