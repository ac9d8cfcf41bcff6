"""Authors' personal data is removed from social items nobody kept, after the retention period."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pressdesk.monitoring import actions
from pressdesk.monitoring.models import Item, Outlet, Relevance, Source, Story, StoryTriage
from pressdesk.testing.factories import Province

pytestmark = pytest.mark.django_db


def make_item(source: Source, n: int, *, days: int, story: Story | None = None) -> Item:
    return Item.objects.create(
        source=source,
        outlet=source.outlet,
        url=f"https://bsky.app/profile/kisi{n}.bsky.social/post/{n}",
        guid=f"at://did:plc:kisi{n}/app.bsky.feed.post/{n}",
        identity_hash=f"h{n}",
        title=f"@kisi{n}: hastanede bekledim",
        text=f"@kisi{n} yazdı: hastanede bekledim",
        fetched_at=timezone.now() - datetime.timedelta(days=days),
        story=story,
    )


def test_old_unkept_social_items_lose_the_authors_data_kept_ones_do_not() -> None:
    province = Province()
    outlet = Outlet.objects.create(name="Bluesky", kind=Outlet.Kind.SOCIAL)
    social = Source.objects.create(outlet=outlet, kind=Source.Kind.BLUESKY, config={"query": "hastane"})
    feed = Source.objects.create(outlet=outlet, kind=Source.Kind.FEED, url="https://a.example/rss")
    kept_story = Story.objects.create(title="kept")
    StoryTriage.objects.create(story=kept_story, province=province.directorate, relevance=Relevance.RELEVANT)
    old = make_item(social, 1, days=120)
    kept = make_item(social, 2, days=120, story=kept_story)
    recent = make_item(social, 3, days=10)
    news = make_item(feed, 4, days=120)

    assert actions.remove_unkept_personal_data(days=90) == 1
    old.refresh_from_db()
    assert (old.url, old.guid, old.text, old.summary_html) == ("", "", "", "")
    assert "kisi1" not in old.title
    assert old.identity_hash == "h1"  # still known: never fetched again
    for untouched in (kept, recent, news):
        before = untouched.url
        untouched.refresh_from_db()
        assert untouched.url == before and untouched.text
    assert actions.remove_unkept_personal_data(days=90) == 0  # idempotent
