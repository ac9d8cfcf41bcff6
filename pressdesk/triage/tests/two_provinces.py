"""A story shared by two provinces: the same agency copy ingested by a Kocaeli and a Denizli source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pressdesk.accounts.models import Role, User
from pressdesk.monitoring.models import Outlet, Source, Story, WatchTerm
from pressdesk.testing.factories import UserFactory
from pressdesk.triage.tests.helpers import hospital_term, ingest, source_for, story_of

SHARED = (
    "Şehir Hastanesi ve Derince EAH acil servislerinde uzun kuyruk",
    "Şehir Hastanesi ile Derince EAH acil servislerinde hastalar saatlerce bekledi; yakınları tepki gösterdi.",
)


@dataclass
class SharedStory:
    story: Story
    other_staff: User  # unit staff of the second province (Denizli)
    other_staff2: User
    other_source: Source


def shared_story(province: Any) -> SharedStory:
    """One story with items of both provinces' sources, matched to both Kocaeli hospitals."""
    hospital_term(province)
    WatchTerm.objects.create(name="Derince", query='"Derince EAH"', organization=province.other_hospital)
    outlet = Outlet.objects.create(name="Denizli Postası", kind=Outlet.Kind.LOCAL_NEWSPAPER)
    other_source = Source.objects.create(
        name=outlet.name, outlet=outlet, organization=province.other_directorate, url="https://denizli.example/rss"
    )
    ours = ingest(source_for(province), SHARED)
    theirs = ingest(other_source, SHARED)
    story = story_of(ours)
    assert story_of(theirs).pk == story.pk, "the two copies must form one story"

    def staff(username: str) -> User:
        user: User = UserFactory(username=username, role=Role.STAFF, organization=province.other_directorate)  # type: ignore[assignment]
        return user

    return SharedStory(
        story=story, other_staff=staff("denizli1"), other_staff2=staff("denizli2"), other_source=other_source
    )
