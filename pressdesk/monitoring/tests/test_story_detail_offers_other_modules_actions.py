"""The story page offers what other modules registered: an information note, forwarding by e-mail."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import Story
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_unit_staff_see_the_registered_actions_as_post_buttons(province, login):
    source = SourceFactory(organization=province.directorate)
    story = Story.objects.create(title="Acil serviste uzun kuyruk", item_count=1, sentiment_suggested="negative")
    source.items.create(outlet=source.outlet, identity_hash="a", title=story.title, story=story)
    page = login(province.staff).get(reverse("monitoring:story_detail", args=[story.pk])).content.decode()
    assert 'data-testid="story-action-information_note"' in page
    assert reverse("infonotes:open_from_story", args=[story.pk]) in page
    assert 'data-testid="story-action-forward_email"' in page
