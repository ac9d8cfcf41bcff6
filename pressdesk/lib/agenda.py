"""The agenda registry: dated entries (meetings, events, TV/radio appearances,
VTC sessions, special days, deadlines) from every module, for one person.

Each module registers one provider in its AppConfig.ready()::

    agenda.register(queries.agenda_entries)

``provider(person=user, viewer=user, start=datetime, end=datetime)`` returns the
entries in [start, end) that ``person`` attends, organises or must act on, as
``viewer`` may see them: an entry the viewer may not read in full (a closed
meeting) comes back with ``private=True`` and a neutral title. The director's
agenda, the home screen and the per-user iCal feed read every provider through
``entries_for``; a page never queries a module's models itself.

Times are aware datetimes (stored in UTC); pages and feeds show them in
Europe/Istanbul (``lib/dates.py``, ``to_ical``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class AgendaEntry:
    kind: str  # a stable code: "meeting", "event", "broadcast", "vtc", "special_day", "deadline" …
    kind_label: str  # translated, e.g. "Toplantı"
    title: str
    start: datetime.datetime
    end: datetime.datetime | None = None
    url: str = ""
    location: str = ""
    all_day: bool = False
    private: bool = False  # the viewer sees only that the person is busy
    uid: str = ""  # stable across feeds, e.g. "meeting-12@pressdesk"; defaults from kind and url
    description: str = ""
    badges: tuple[str, ...] = field(default_factory=tuple)

    @property
    def stable_uid(self) -> str:
        return self.uid or f"{self.kind}-{abs(hash((self.url, self.start.isoformat())))}@pressdesk"


Provider = Callable[..., Iterable[AgendaEntry]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def entries_for(
    person: Any, *, viewer: Any | None = None, start: datetime.datetime, end: datetime.datetime
) -> list[AgendaEntry]:
    """Every module's entries for ``person`` between ``start`` and ``end``, by start time."""
    viewer = viewer if viewer is not None else person
    collected: list[AgendaEntry] = []
    for provider in _providers:
        collected.extend(provider(person=person, viewer=viewer, start=start, end=end))
    return sorted(collected, key=lambda entry: (entry.start, entry.title))


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of an Istanbul calendar day as aware datetimes."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), tz)
    return start, start + datetime.timedelta(days=1)


def overlapping(entries: Iterable[AgendaEntry]) -> list[tuple[AgendaEntry, AgendaEntry]]:
    """Pairs of timed entries that overlap (a person booked twice)."""
    timed = sorted((e for e in entries if not e.all_day), key=lambda e: e.start)
    pairs: list[tuple[AgendaEntry, AgendaEntry]] = []
    for i, first in enumerate(timed):
        first_end = first.end or first.start + datetime.timedelta(hours=1)
        for second in timed[i + 1 :]:
            if second.start >= first_end:
                break
            pairs.append((first, second))
    return pairs


def to_ical(entries: Iterable[AgendaEntry], *, name: str, base_url: str = "") -> bytes:
    """An RFC 5545 calendar of ``entries`` with Europe/Istanbul times."""
    from icalendar import Calendar, Event

    tz = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Basın Masası//pressdesk//TR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(tz))
    stamp = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", entry.stable_uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        if entry.all_day:
            event.add("dtstart", timezone.localtime(entry.start, tz).date())
        else:
            event.add("dtstart", timezone.localtime(entry.start, tz))
            if entry.end:
                event.add("dtend", timezone.localtime(entry.end, tz))
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", base_url + entry.url if entry.url.startswith("/") else entry.url)
        if entry.private:
            event.add("class", "PRIVATE")
        calendar.add_component(event)
    return calendar.to_ical()
