"""Who sees which stories on the live screen: the unit its province, a hospital's press officer only theirs."""

import pytest

from pressdesk.monitoring.models import WatchTerm
from pressdesk.triage import actions
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db

OTHER = ("Derince EAH'de yeni poliklinik binası", "Derince EAH yeni poliklinik binasına taşındı.")


@pytest.fixture
def stories(province):
    hospital_term(province)
    WatchTerm.objects.create(name="Derince", query="Derince", organization=province.other_hospital)
    source = source_for(province)
    items = ingest(source, NEGATIVE) + ingest(source, OTHER)
    actions.suggest_sentiment(item_ids=[item.pk for item in items])
    ours, theirs = story_of(items[:1]), story_of(items[1:])
    return ours, theirs


def _shown(client, url="/triage/"):
    response = client.get(url)
    assert response.status_code == 200
    return {card.pk for card in response.context["stories"]}


def test_unit_staff_see_every_matched_story_of_the_province(province, stories, login):
    assert _shown(login(province.staff)) == {s.pk for s in stories}


def test_press_officer_sees_only_stories_matched_to_their_hospital(province, stories, login):
    ours, theirs = stories
    client = login(province.affiliate)
    assert _shown(client) == {ours.pk}
    assert client.get(f"/triage/stories/{ours.pk}/").status_code == 200
    assert client.get(f"/triage/stories/{theirs.pk}/").status_code == 404


def test_press_officer_cannot_triage_but_may_add_a_note(province, stories, login):
    ours, _theirs = stories
    client = login(province.affiliate)
    assert client.post(f"/triage/stories/{ours.pk}/triage/", {"relevance": "relevant"}).status_code == 403
    response = client.post(f"/triage/stories/{ours.pk}/note/", {"text": "Hastane açıklama yapacak."})
    assert response.status_code == 302
    assert ours.triage_notes.get().author == province.affiliate


def test_outsider_sees_nothing_and_cannot_touch_a_story(province, stories, login):
    ours, _theirs = stories
    client = login(province.outsider)
    assert _shown(client) == set()
    assert client.get(f"/triage/stories/{ours.pk}/").status_code == 404
    assert client.post(f"/triage/stories/{ours.pk}/triage/", {"relevance": "irrelevant"}).status_code == 404
    assert client.post(f"/triage/stories/{ours.pk}/note/", {"text": "x"}).status_code == 404


def test_requester_is_refused(province, stories, login):
    assert login(province.requester).get("/triage/").status_code == 403


def test_filters_by_institution_and_unreviewed(province, stories, login):
    ours, theirs = stories
    client = login(province.staff)
    assert _shown(client, f"/triage/?institution={province.hospital.pk}") == {ours.pk}
    client.post(f"/triage/stories/{theirs.pk}/triage/", {"relevance": "irrelevant"})
    assert _shown(client, "/triage/?status=unreviewed") == {ours.pk}
    assert _shown(client, "/triage/?sentiment=negative") == {ours.pk}
