"""Each state of a story offers only the actions valid in it (issue 23, defect 2).

An institution's story is walked through draft → sent to the unit → returned →
sent again → accepted → in approval → approved → published; at each step the
buttons offered to its author, the unit's reviewer and the hospital's press
officer are read off the detail page. "Send to the press unit" is never offered
once the unit took the story over, and clicking it then is refused.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pressdesk.approvals import actions as approval_actions
from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory

pytestmark = pytest.mark.django_db

BUTTONS = {"edit-story", "submit-to-unit", "submit-for-approval", "accept-submission", "return-submission"}


def offered(client, user, story) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("publishing:detail", args=[story.pk]))
    if response.status_code == 404:
        return {"(hidden)"}
    return set(re.findall(r'data-testid="([a-z-]+)"', response.content.decode())) & BUTTONS


def test_the_buttons_follow_the_state(client, province, make_story):
    staff, press = province.staff, province.affiliate
    story = make_story(author=press)
    assert offered(client, press, story) == {"edit-story", "submit-to-unit"}

    actions.submit_to_unit(actor=press, story=story)
    assert offered(client, press, story) == set()
    assert offered(client, staff, story) == {"edit-story", "accept-submission", "return-submission"}

    actions.return_submission(actor=staff, story=story, comment="Eksik")
    assert offered(client, press, story) == {"edit-story", "submit-to-unit"}

    actions.submit_to_unit(actor=press, story=story)
    actions.accept_submission(actor=staff, story=story)
    story.refresh_from_db()
    assert story.status == NewsStory.Status.DRAFT and story.created_by == staff
    assert offered(client, staff, story) == {"edit-story", "submit-for-approval"}
    assert offered(client, press, story) == set()

    flow = actions.submit_for_approval(actor=staff, story=story)
    assert offered(client, staff, story) == set()
    assert offered(client, press, story) == set()
    with pytest.raises(actions.PublishingError):
        actions.submit_to_unit(actor=staff, story=story)

    for user in (province.unit_head, province.chief, province.director):
        flow.refresh_from_db()
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    assert offered(client, staff, story) == set()


def test_sending_a_story_in_approval_back_to_the_unit_is_refused_by_the_url(client, province, make_story):
    story = make_story(author=province.affiliate)
    actions.submit_to_unit(actor=province.affiliate, story=story)
    actions.accept_submission(actor=province.staff, story=story)
    actions.submit_for_approval(actor=province.staff, story=story)
    client.force_login(province.staff)
    client.post(reverse("publishing:submit_to_unit", args=[story.pk]))
    story.refresh_from_db()
    assert story.status == NewsStory.Status.DRAFT  # still in its approval chain, not back in review
