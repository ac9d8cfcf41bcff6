"""Reach where known (issue 23 point 14): on the live screen's cards, the story list and the archive rows.

A story's reach is the summed reach of the outlets that carried it, as in the daily report; an
archive row shows the clip's own viewers or copies when entered, else its outlet's.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import ClipDetails, Outlet
from pressdesk.triage.tests.helpers import hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db

TEXT = "Şehir Hastanesi'nde yeni yoğun bakım ünitesi hizmete girdi ve ilk hastalarını kabul etti"


def _story_in_two_outlets(province):
    hospital_term(province)
    first, second = source_for(province), source_for(province)
    Outlet.objects.filter(pk=first.outlet_id).update(reach=120_000)
    Outlet.objects.filter(pk=second.outlet_id).update(reach=35_500)
    items = ingest(first, ("Şehir Hastanesi'nde yeni yoğun bakım", TEXT))
    items += ingest(second, ("Şehir Hastanesi'nde yeni yoğun bakım ünitesi", TEXT))
    story = story_of(items)
    assert {item.story_id for item in items} == {story.pk}
    return story, items


def test_a_storys_reach_is_on_the_live_card_and_the_story_list(province, login):
    story, _items = _story_in_two_outlets(province)
    client = login(province.staff)
    live = client.get(reverse("triage:live")).content.decode()
    assert f'id="story-{story.pk}"' in live
    assert "Erişim: 155.500" in live
    stories = client.get(reverse("monitoring:story_list")).content.decode()
    assert "Erişim: 155.500" in stories


def test_an_archive_row_shows_the_clips_own_reach_before_its_outlets(province, login):
    _story, items = _story_in_two_outlets(province)
    ClipDetails.objects.create(item=items[1], medium=ClipDetails.Medium.PRINT, reach=8_250)
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "yoğun bakım"})
    reaches = [item.known_reach for item in response.context["items"]]
    assert sorted(reaches) == [8_250, 120_000]
    content = response.content.decode()
    assert "Erişim: 120.000" in content and "Erişim: 8.250" in content


def test_no_reach_is_shown_where_none_is_known(province, login):
    hospital_term(province)
    ingest(source_for(province), ("Şehir Hastanesi'nde yeni yoğun bakım", TEXT))
    client = login(province.staff)
    for page in (reverse("triage:live"), reverse("monitoring:story_list")):
        assert 'data-testid="reach"' not in client.get(page).content.decode()
    archive = client.get(reverse("monitoring:archive"), {"q": "yoğun bakım"}).content.decode()
    assert 'data-testid="reach"' not in archive
