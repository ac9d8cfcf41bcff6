"""The live screen asks for stories newer than its cursor; the answer inserts them at the top."""

import datetime

import pytest
from django.utils import timezone

from pressdesk.triage.tests.helpers import NEGATIVE, POSITIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db


def test_poll_returns_only_stories_after_the_cursor(province, login):
    hospital_term(province)
    source = source_for(province)
    earlier = timezone.now() - datetime.timedelta(minutes=5)
    old = story_of(ingest(source, NEGATIVE, when=earlier))
    client = login(province.staff)
    page = client.get("/triage/")
    cursor = page.context["cursor"]
    assert cursor == old.last_seen_at.isoformat()
    response = client.get("/triage/poll/", {"cursor": cursor}, HTTP_HX_REQUEST="true")
    assert response.context["stories"] == []
    new = story_of(ingest(source, POSITIVE))
    response = client.get("/triage/poll/", {"cursor": cursor}, HTTP_HX_REQUEST="true")
    assert [s.pk for s in response.context["stories"]] == [new.pk]
    body = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#story-list"' in body
    assert f'id="story-{new.pk}"' in body
    assert "<mark" in body  # the matched term is highlighted
    assert response.context["cursor"] == new.last_seen_at.isoformat()


def test_live_screen_query_count_does_not_grow_with_stories(province, login, django_assert_max_num_queries):
    hospital_term(province)
    source = source_for(province)
    titles = ["acil servis", "yoğun bakım", "poliklinik", "otopark", "kantin", "laboratuvar", "eczane", "bahçe"]
    for title in titles:
        ingest(source, (f"Şehir Hastanesi {title} haberi", f"Şehir Hastanesi {title} ile ilgili gelişme"))
    client = login(province.staff)
    with django_assert_max_num_queries(24):  # the page, plus the navigation's İşlerim count: one query per provider
        response = client.get("/triage/")
    assert len(response.context["stories"]) == len(titles)
