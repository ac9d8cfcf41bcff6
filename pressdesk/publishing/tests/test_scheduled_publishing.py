"""Publish later: the story and its posts appear when the beat task finds them due, not before."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pressdesk.publishing import actions, tasks
from pressdesk.publishing.models import NewsStory, Publication

pytestmark = pytest.mark.django_db


def test_a_scheduled_story_is_published_when_due(client, province, make_story, approve, channels, adapter, commit):
    story = make_story()
    approve(story)
    when = timezone.now() + datetime.timedelta(hours=2)
    with commit():
        actions.publish(actor=province.staff, story=story, channels=[channels["mastodon"]], when=when)
    story.refresh_from_db()
    assert story.status == NewsStory.Status.SCHEDULED
    assert client.get(story.public_path()).status_code == 404
    assert tasks.publish_due.delay().get() == (0, 0)
    assert adapter.published == []
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        with commit():
            assert tasks.publish_due.delay().get() == (1, 1)
        story.refresh_from_db()
        assert story.status == NewsStory.Status.PUBLISHED
        assert client.get(story.public_path()).status_code == 200
        assert Publication.objects.get().status == Publication.Status.PUBLISHED
        with commit():
            assert tasks.publish_due.delay().get() == (0, 0)
    assert len(adapter.published) == 1
