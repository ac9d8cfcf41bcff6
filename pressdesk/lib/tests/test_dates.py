"""Times in messages are the deployment's local time (Europe/Istanbul), whatever zone is active."""

import datetime
import zoneinfo

from django.utils import timezone

from pressdesk.lib.dates import format_date, format_datetime

LATE_UTC = datetime.datetime(2026, 12, 5, 22, 30, tzinfo=datetime.UTC)


def test_an_aware_utc_time_is_shown_in_istanbul_time():
    assert format_datetime(LATE_UTC) == "06.12.2026 01:30"
    assert format_date(LATE_UTC) == "06.12.2026"


def test_the_active_time_zone_does_not_matter():
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert format_datetime(LATE_UTC) == "06.12.2026 01:30"


def test_dates_and_missing_values():
    assert format_date(datetime.date(2026, 1, 2)) == "02.01.2026"
    assert format_datetime(None) == "-"
    assert format_date(None, empty="") == ""
