"""Every new item gets a suggested sentiment with its confidence, and its story too; staff labels win."""

import pytest

from pressdesk.monitoring.models import Item
from pressdesk.triage import actions
from pressdesk.triage.tests.helpers import NEGATIVE, POSITIVE, hospital_term, ingest, source_for, story_of, triage_in

pytestmark = pytest.mark.django_db


def test_new_items_get_a_suggestion_after_ingest(province, django_capture_on_commit_callbacks):
    hospital_term(province)
    source = source_for(province)
    with django_capture_on_commit_callbacks(execute=True):
        items = ingest(source, NEGATIVE, POSITIVE)
    stored = {item.title: item for item in Item.objects.all()}
    assert stored[NEGATIVE[0]].sentiment_suggested == "negative"
    assert stored[POSITIVE[0]].sentiment_suggested == "positive"
    assert 0.34 < stored[NEGATIVE[0]].sentiment_confidence <= 1
    story = story_of(items[:1])
    assert story.sentiment_suggested == "negative"
    assert story.sentiment_confidence is not None
    assert triage_in(province.directorate, story).sentiment == ""


def test_the_staff_label_wins_over_the_suggestion(province, django_capture_on_commit_callbacks):
    hospital_term(province)
    with django_capture_on_commit_callbacks(execute=True):
        items = ingest(source_for(province), NEGATIVE)
    story = story_of(items)
    actions.triage_story(actor=province.staff, story=story, sentiment_label="neutral")
    actions.suggest_sentiment(item_ids=[item.pk for item in items])  # a second run changes nothing
    story.refresh_from_db()
    triage = triage_in(province.directorate, story)
    assert triage.sentiment == "neutral"
    assert triage.effective_sentiment == "neutral"
    assert story.sentiment_suggested == "negative"
