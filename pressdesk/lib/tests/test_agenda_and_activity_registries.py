"""The shared agenda and activity registries' pure helpers."""

import datetime

from pressdesk.lib import activity, agenda


def test_overlaps_and_ical_are_in_istanbul_time():
    start, _end = agenda.day_bounds(datetime.date(2026, 12, 7))
    meeting = agenda.AgendaEntry(
        kind="meeting",
        kind_label="Toplantı",
        title="İl koordinasyon",
        start=start + datetime.timedelta(hours=10),
        end=start + datetime.timedelta(hours=11),
    )
    opening = agenda.AgendaEntry(
        kind="event", kind_label="Etkinlik", title="Açılış", start=start + datetime.timedelta(hours=10, minutes=30)
    )
    assert agenda.overlapping([meeting, opening]) == [(meeting, opening)]
    ical = agenda.to_ical([meeting, opening], name="Ajanda").decode()
    assert "TZID=Europe/Istanbul:20261207T100000" in ical


def test_months_of_a_year():
    months = activity.months(datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))
    assert len(months) == 12
    assert months[-1] == datetime.date(2026, 12, 1)
