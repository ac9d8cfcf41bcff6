"""Issue 23.14: reach per story in the report lists, and share of voice against chosen comparisons."""

import datetime

from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring.models import Item
from pressdesk.reports import figures, queries


def _unmatched(world, source, title, at):
    world._n += 1
    return Item.objects.create(
        source=source,
        outlet=source.outlet,
        url=f"https://x.example/{world._n}",
        identity_hash=f"u{world._n}",
        title=title,
        published_at=at,
        fetched_at=at,
        matched=False,
    )


def test_reach_per_story_sums_the_outlets_that_carried_it(province, world):
    now = timezone.now()
    world.news("A", suggested="negative", sources=[world.source, world.national_source], at=now)
    items = figures.in_period(
        queries.items_in_scope(queries.Scope(province=province.directorate)),
        now - datetime.timedelta(days=1),
        now + datetime.timedelta(minutes=1),
    )
    [story] = figures.important_stories(items)
    assert story.reach == 20000 + 500000


def test_share_of_voice_counts_our_news_against_each_comparison(province, world):
    now = timezone.now()
    world.news("İl Sağlık aşı haftası", about="directorate", sources=[world.source, world.national_source], at=now)
    world.news("Şehir Hastanesi yeni bölüm", sources=[world.source], at=now)
    _unmatched(world, world.source, "Özel Hastane yatırımı açıklandı", now)
    _unmatched(world, world.tv_source, "Özel hastane fiyatları", now)
    _unmatched(world, world.national_source, "Üniversite hastanesi randevu", now)
    _unmatched(world, world.other_source, "Denizli özel hastane", now)  # another province's source: not counted
    _unmatched(world, world.source, "Özel hastane eski haber", now - datetime.timedelta(days=30))  # out of the period
    scope = queries.Scope(province=province.directorate)
    start, end = now - datetime.timedelta(days=7), now + datetime.timedelta(minutes=1)
    own = figures.in_period(queries.items_in_scope(scope), start, end)
    archive = figures.in_period(queries.archive_in_scope(scope), start, end)
    rows = figures.share_of_voice(own, archive, "Kocaeli", ["özel hastane", "üniversite", "  "])
    assert [(row["name"], row["items"]) for row in rows] == [("Kocaeli", 3), ("özel hastane", 2), ("üniversite", 1)]
    assert [row["share"] for row in rows] == [50.0, 33.3, 16.7]
    assert rows[0]["reach"] == 20000 + 500000 + 20000
    assert rows[1]["reach"] == 20000 + 80000
    assert round(sum(row["reach_share"] for row in rows)) == 100


def test_the_statistics_page_shows_share_of_voice_and_exports_it(client, province, world):
    world.news("İl Sağlık aşı haftası", about="directorate")
    client.force_login(province.staff)
    page = client.get(reverse("reports:statistics"), {"period": "7", "compare": "özel hastane, Denizli"})
    html = page.content.decode()
    assert 'data-testid="share-of-voice"' in html
    assert 'data-testid="table-voice"' in html
    without = client.get(reverse("reports:statistics"), {"period": "7"}).content.decode()
    assert 'data-testid="share-of-voice"' not in without
    xlsx = client.get(reverse("reports:statistics_xlsx"), {"period": "7", "compare": "özel hastane"})
    assert xlsx.status_code == 200
