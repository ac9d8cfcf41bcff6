"""A monthly series ("every first Monday", "every third Wednesday") lands on that weekday of every
month for a year, and a month without a fifth such weekday is skipped."""

from __future__ import annotations

import datetime

import pytest

from pressdesk.meetings import actions
from pressdesk.meetings.models import Series


def _series(weekday: int, week: int) -> Series:
    return Series(frequency=Series.Frequency.MONTHLY, weekday=weekday, week_of_month=week)


def test_every_first_monday_for_twelve_months():
    dates = actions.occurrences(_series(0, 1), datetime.date(2027, 1, 1), datetime.date(2028, 1, 1))
    assert len(dates) == 12
    assert [d.month for d in dates] == list(range(1, 13))
    assert all(d.weekday() == 0 and d.day <= 7 for d in dates)
    assert dates[0] == datetime.date(2027, 1, 4) and dates[-1] == datetime.date(2027, 12, 6)


@pytest.mark.parametrize("weekday, week", [(2, 3), (4, 2), (6, 4)])
def test_the_nth_weekday_of_every_month(weekday, week):
    dates = actions.occurrences(_series(weekday, week), datetime.date(2027, 1, 1), datetime.date(2028, 1, 1))
    assert len(dates) == 12
    assert all(d.weekday() == weekday and 7 * (week - 1) < d.day <= 7 * week for d in dates)


def test_a_fifth_weekday_is_skipped_in_months_without_one():
    dates = actions.occurrences(_series(0, 5), datetime.date(2027, 1, 1), datetime.date(2028, 1, 1))
    assert 0 < len(dates) < 12
    assert all(d.weekday() == 0 and d.day > 28 for d in dates)


@pytest.mark.django_db
def test_the_generated_meetings_keep_the_time_of_day(province, plan):
    start = datetime.datetime(2027, 1, 4, 10, 0, tzinfo=datetime.UTC)  # a first Monday, 13.00 in Istanbul
    meeting = plan(recurrence="monthly", week_of_month=1, start=start, end=start + datetime.timedelta(hours=1))
    actions.generate_series(series=meeting.series, today=datetime.date(2027, 1, 4))
    # planning already generated the weeks ahead of the real today: from February 2027 on, those
    # come after the two this test generates, so only the first two are compared.
    following = list(meeting.series.meetings.exclude(pk=meeting.pk).order_by("start"))[:2]
    assert [m.occurrence for m in following] == [datetime.date(2027, 2, 1), datetime.date(2027, 3, 1)]
    assert all(m.start.astimezone(datetime.UTC).hour == 10 for m in following)
