"""The archive filters by date range, source and sentiment (the province's staff label wins), together with the text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring.models import Sentiment, Story, StoryTriage
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(province):
    first = SourceFactory(organization=province.directorate)
    second = SourceFactory(organization=province.directorate)
    now = timezone.now()
    labelled = Story.objects.create(title="a", sentiment_suggested=Sentiment.POSITIVE, item_count=1)
    StoryTriage.objects.create(story=labelled, province=province.directorate, sentiment=Sentiment.NEGATIVE)
    suggested = Story.objects.create(title="b", sentiment_suggested=Sentiment.POSITIVE, item_count=1)
    rows = [
        (first, "old", "Hastane bahçesi düzenlendi", now - datetime.timedelta(days=40), labelled),
        (first, "new", "Hastane otoparkı açıldı", now - datetime.timedelta(days=1), suggested),
        (second, "other", "Hastanede nöbet sistemi", now - datetime.timedelta(days=2), None),
        (second, "unrelated", "Belediye otobüsleri", now - datetime.timedelta(days=2), None),
    ]
    for source, key, title, published, story in rows:
        source.items.create(outlet=source.outlet, identity_hash=key, title=title, published_at=published, story=story)
    return first, second


def keys(response):
    return sorted(item.identity_hash for item in response.context["items"])


def test_date_range(province, login, items):
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "hastane", "date_from": since})
    assert keys(response) == ["new", "other"]
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "hastane", "date_to": since})
    assert keys(response) == ["old"]


def test_source(province, login, items):
    _first, second = items
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "hastane", "source": second.pk})
    assert keys(response) == ["other"]


def test_sentiment_label_wins_over_suggestion(province, login, items):
    client = login(province.staff)
    response = client.get(reverse("monitoring:archive"), {"q": "hastane", "sentiment": Sentiment.POSITIVE})
    assert keys(response) == ["new"]
    response = client.get(reverse("monitoring:archive"), {"q": "hastane", "sentiment": Sentiment.NEGATIVE})
    assert keys(response) == ["old"]
    assert 'data-testid="archive-sentiment">Olumsuz<' in response.content.decode()


def test_unknown_sentiment_is_a_form_error_not_a_crash(province, login, items):
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "hastane", "sentiment": "angry"})
    assert response.status_code == 200
    assert response.context["form"].errors
