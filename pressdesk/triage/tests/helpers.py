"""Building monitored stories for triage tests through the real ingest (matching, clustering, the signal)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from pressdesk.monitoring import ingest as monitoring_ingest
from pressdesk.monitoring.models import Item, Outlet, Source, Story, StoryTriage, WatchTerm
from pressdesk.monitoring.parsing import ParsedEntry

_counter = itertools.count(1)


def source_for(province: Any, *, kind: str = Outlet.Kind.LOCAL_NEWSPAPER, name: str = "") -> Source:
    n = next(_counter)
    outlet = Outlet.objects.create(name=name or f"Gazete {n}", kind=kind)
    return Source.objects.create(
        name=outlet.name, outlet=outlet, organization=province.directorate, url=f"https://gazete{n}.example/rss"
    )


def hospital_term(province: Any) -> WatchTerm:
    term, _ = WatchTerm.objects.get_or_create(
        name="Şehir Hastanesi",
        defaults={"query": '"Şehir Hastanesi"', "organization": province.hospital, "province": province.directorate},
    )
    return term


def ingest(source: Source, *entries: tuple[str, str], when: datetime.datetime | None = None) -> list[Item]:
    """Ingest ``(title, text)`` entries into ``source``; returns the new items."""
    when = when or timezone.now()
    parsed = []
    for title, text in entries:
        n = next(_counter)
        parsed.append(ParsedEntry(guid=f"g{n}", url=f"https://{source.pk}.example/h/{n}", title=title, text=text))
    result = monitoring_ingest.ingest_entries(source=source, entries=parsed, fetched_at=when)
    return list(result.items or [])


def story_of(items: list[Item]) -> Story:
    assert items and items[0].story_id
    return Story.objects.get(pk=items[0].story_id)


def triage_in(province: Any, story: Story) -> StoryTriage:
    """``story``'s triage in ``province`` (a directorate), or the untriaged default when it has none."""
    row = StoryTriage.objects.filter(story=story, province=province).first()
    return row or StoryTriage.default(story, province.pk)


NEGATIVE = (
    "Şehir Hastanesi'nde acil serviste saatlerce bekleyen hasta isyan etti",
    "Şehir Hastanesi acil servisinde hastalar sedye bulamadı, yakınları tepki gösterdi ve şikâyetçi oldu.",
)
POSITIVE = (
    "Şehir Hastanesi'nde yeni yoğun bakım ünitesi hizmete girdi",
    "Şehir Hastanesi'nde 40 yataklı yoğun bakım ünitesi törenle hizmete açıldı.",
)
NEUTRAL = (
    "Şehir Hastanesi ziyaret saatlerini yeniden düzenledi",
    "Şehir Hastanesi başhekimliği ziyaret saatlerine ilişkin duyuru yayımladı.",
)
