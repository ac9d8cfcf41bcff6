"""The figures: volume by day, sentiment share (staff label wins), outlets, outlet types, negative outlets, reach."""

import datetime

from django.utils import timezone

from pressdesk.reports import figures, queries


def test_figures(province, world):
    now = timezone.now()
    world.news("A", sentiment="negative", suggested="positive", sources=[world.source, world.national_source], at=now)
    world.news("B", suggested="negative", sources=[world.national_source], at=now - datetime.timedelta(days=1))
    world.news("C", suggested="positive", importance=3, sources=[world.tv_source], at=now - datetime.timedelta(days=2))
    world.news("D", sources=[world.source], at=now - datetime.timedelta(days=40))  # out of the period
    items = figures.in_period(
        queries.items_in_scope(queries.Scope(province=province.directorate)),
        now - datetime.timedelta(days=7),
        now + datetime.timedelta(minutes=1),
    )
    totals = figures.totals(items)
    assert (totals.items, totals.stories, totals.outlets) == (4, 3, 3)
    assert totals.negative_stories == 2  # A by label, B by suggestion
    assert totals.important_stories == 1
    assert totals.reach == 20000 + 500000 + 500000 + 80000

    tones = {row["tone"]: row["stories"] for row in figures.by_sentiment(items)}
    assert tones == {"negative": 2, "neutral": 0, "positive": 1, "unknown": 0}

    volume = figures.volume(items)
    assert [row["items"] for row in volume] == [1, 1, 2]
    assert sum(row["reach"] for row in volume) == totals.reach
    filled = figures.volume(items, start=now - datetime.timedelta(days=6), end=now + datetime.timedelta(minutes=1))
    assert len(filled) == 7  # every day of the period, the empty ones as zeros
    assert [row["items"] for row in filled][-3:] == [1, 1, 2]
    assert sum(row["items"] for row in filled) == 4

    outlets = figures.by_outlet(items)
    assert outlets[0]["name"] == "Ulusal Haber" and outlets[0]["items"] == 2 and outlets[0]["negative"] == 2
    kinds = {row["kind"]: row for row in figures.by_outlet_kind(items)}
    assert kinds["national_newspaper"]["reach"] == 1000000
    assert kinds["tv"]["items"] == 1
    negative = figures.top_negative_outlets(items)
    assert [(row["name"], row["items"]) for row in negative] == [("Ulusal Haber", 2), ("Kocaeli Bizim Gazete", 1)]
    important = figures.important_stories(items)
    assert [story.title for story in important] == ["C", "A", "B"]
    assert [story.title for story in figures.other_stories(items)] == []
