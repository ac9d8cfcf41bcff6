"""Every time written into a message (e-mail, notification, letter reference) is Istanbul time.

Guards for the builders that print a time: the approval e-mail has its own test in
``approvals/tests/test_external_email_shows_istanbul_time.py``.
"""

import datetime

import pytest
from django.core import mail

from pressdesk.infonotes.actions import story_reference
from pressdesk.monitoring.models import Item
from pressdesk.triage import actions as triage
from pressdesk.triage.models import StoryForward
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db

# 22:30 UTC on the 5th is 01:30 on the 6th in Istanbul.
LATE_UTC = datetime.datetime(2026, 12, 5, 22, 30, tzinfo=datetime.UTC)


@pytest.fixture
def story(province):
    hospital_term(province)
    story = story_of(ingest(source_for(province), NEGATIVE))
    Item.objects.filter(story=story).update(published_at=LATE_UTC)
    return story


def test_the_forwarded_story_email_dates_items_in_istanbul_time(province, story):
    forward = StoryForward.objects.create(story=story, sender=province.staff, recipients=["a@example.gov.tr"])
    assert triage.send_forward_now(forward_id=forward.pk)
    [message] = mail.outbox
    assert "06.12.2026 01:30" in message.body
    assert "22:30" not in message.body
    html = message.alternatives[0][0]
    assert "06.12.2026 01:30" in html


def test_the_information_note_reference_dates_the_story_in_istanbul_time(province, story):
    assert story_reference(story, province.staff).startswith("06.12.2026 tarihinde")


def test_fetch_logs_and_sentiment_models_are_named_with_istanbul_time():
    from pressdesk.monitoring.models import FetchLog
    from pressdesk.triage.models import SentimentModel

    assert "2026-12-06 01:30" in str(FetchLog(source_id=1, started_at=LATE_UTC, outcome="new"))
    assert str(SentimentModel(created_at=LATE_UTC, labels_used=3)) == "2026-12-06 01:30 (3)"
