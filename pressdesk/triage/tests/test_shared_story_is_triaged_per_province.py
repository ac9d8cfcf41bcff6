"""A story shared by two provinces is triaged by each on its own: relevance, sentiment, importance, assignee,
alerts, reports and the history of those decisions never cross from one province to the other."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import Story
from pressdesk.reports import figures
from pressdesk.reports import queries as report_queries
from pressdesk.triage.models import Alert, AlertRule
from pressdesk.triage.tests.two_provinces import shared_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(province):
    return shared_story(province)


def _cards(client, url="/triage/"):
    response = client.get(url)
    assert response.status_code == 200
    return {card.pk: card for card in response.context["stories"]}


def _totals(user):
    return figures.totals(report_queries.items_in_scope(report_queries.scope_for_user(user)))


def test_another_province_marking_a_shared_story_irrelevant_leaves_ours_unchanged(province, shared, login):
    story = shared.story
    ours = login(province.staff)
    ours.post(f"/triage/stories/{story.pk}/triage/", {"relevance": "relevant"})
    ours.post(f"/triage/stories/{story.pk}/triage/", {"sentiment": "negative"})
    ours.post(f"/triage/stories/{story.pk}/triage/", {"importance": "3"})

    theirs = login(shared.other_staff)
    for change in ({"relevance": "irrelevant"}, {"sentiment": "positive"}, {"importance": "0"}):
        assert theirs.post(f"/triage/stories/{story.pk}/triage/", change).status_code == 302

    card = _cards(login(province.staff), "/triage/?status=relevant")[story.pk]
    assert (card.triage.relevance, card.triage.sentiment, card.triage.importance) == ("relevant", "negative", 3)
    assert story.pk in _cards(login(province.staff), "/triage/?sentiment=negative")
    # The importance filter (the home screen's "important" count) reads each province's own mark.
    assert story.pk in _cards(login(province.staff), "/triage/?importance=2")
    assert story.pk in _cards(login(province.staff), "/triage/?importance=3")
    assert story.pk not in _cards(login(shared.other_staff), "/triage/?importance=2")
    page = login(province.staff).get(f"/triage/stories/{story.pk}/").content.decode()
    assert 'data-value="relevant"' in page and 'data-value="irrelevant"' not in page

    # Our reports still count it, as negative and critical; theirs leave it out.
    totals = _totals(province.staff)
    assert (totals.stories, totals.items, totals.negative_stories, totals.important_stories) == (1, 1, 1, 1)
    assert _totals(shared.other_staff).stories == 0
    # Across every province (an administrator): each item is read with its own province's triage.
    everything = figures.totals(report_queries.items_in_scope(report_queries.Scope(everything=True)))
    assert (everything.stories, everything.items) == (1, 1)

    their_card = _cards(login(shared.other_staff))[story.pk]
    assert (their_card.triage.relevance, their_card.triage.sentiment) == ("irrelevant", "positive")


def test_a_story_another_province_reviewed_is_still_unreviewed_here(province, shared, login):
    story = shared.story
    login(shared.other_staff).post(f"/triage/stories/{story.pk}/triage/", {"relevance": "irrelevant"})
    assert story.pk in _cards(login(province.staff), "/triage/?status=unreviewed")
    assert story.pk not in _cards(login(shared.other_staff), "/triage/?status=unreviewed")


def test_another_province_reassigning_a_shared_story_leaves_our_assignee(province, shared, login):
    story = shared.story
    login(province.staff).post(f"/triage/stories/{story.pk}/assign/", {"assignee": province.staff2.pk})
    response = login(shared.other_staff).post(
        f"/triage/stories/{story.pk}/assign/", {"assignee": shared.other_staff2.pk}
    )
    assert response.status_code == 302

    card = _cards(login(province.staff))[story.pk]
    assert card.triage.assignee == province.staff2
    assert story.pk in _cards(login(province.staff2), "/triage/?mine=on")
    assert _cards(login(shared.other_staff))[story.pk].triage.assignee == shared.other_staff2
    # Nobody of the other province may be given our story, nor we theirs.
    login(shared.other_staff).post(f"/triage/stories/{story.pk}/assign/", {"assignee": province.staff.pk})
    assert _cards(login(shared.other_staff))[story.pk].triage.assignee == shared.other_staff2


def test_another_provinces_label_does_not_silence_our_alert(
    province, shared, login, django_capture_on_commit_callbacks
):
    story = shared.story
    Story.objects.filter(pk=story.pk).update(sentiment_suggested="negative")
    rule = AlertRule.objects.create(
        name="Olumsuz hastane haberi", organization=province.directorate, sentiment="negative"
    )
    rule.recipients.set([province.unit_head])
    with django_capture_on_commit_callbacks(execute=True):
        login(shared.other_staff).post(f"/triage/stories/{story.pk}/triage/", {"sentiment": "positive"})
        login(shared.other_staff).post(f"/triage/stories/{story.pk}/triage/", {"relevance": "irrelevant"})
    assert Alert.objects.filter(rule=rule, story=story).count() == 1


def test_another_province_cannot_open_the_history_of_our_triage(province, shared, login):
    story = shared.story
    ours = login(province.staff)
    ours.post(f"/triage/stories/{story.pk}/triage/", {"relevance": "relevant"})
    ours.post(f"/triage/stories/{story.pk}/assign/", {"assignee": province.staff2.pk})
    page = login(province.staff).get(f"/triage/stories/{story.pk}/").content.decode()
    assert 'data-testid="triage-history"' in page
    triage = story.triages.get(province=province.directorate)

    history = reverse("audit:history", args=["monitoring", "storytriage", triage.pk])
    assert login(province.staff).get(history).status_code == 200
    assert login(shared.other_staff).get(history).status_code == 404
    assert login(province.affiliate).get(history).status_code == 404
    # The story itself keeps no triage history any more (it held every province's decisions).
    assert (
        login(shared.other_staff).get(reverse("audit:history", args=["monitoring", "story", story.pk])).status_code
        == 404
    )
    assert (
        'data-testid="triage-history"'
        not in login(shared.other_staff).get(f"/triage/stories/{story.pk}/").content.decode()
    )
