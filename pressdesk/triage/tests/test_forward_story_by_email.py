"""The "Forward by e-mail" story action: a button opens the form; sending records the forward and e-mails once."""

import pytest
from django.core import mail

from pressdesk.triage import actions
from pressdesk.triage.models import StoryForward
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(province):
    hospital_term(province)
    return story_of(ingest(source_for(province), NEGATIVE))


def test_the_action_is_offered_on_the_card(province, story, login):
    body = login(province.staff).get(f"/triage/stories/{story.pk}/").content.decode()
    assert f'action="/triage/stories/{story.pk}/forward/"' in body
    affiliate_body = login(province.affiliate).get(f"/triage/stories/{story.pk}/").content.decode()
    assert "story-action-forward_email" not in affiliate_body


def test_forward_sends_the_story_with_links(province, story, login, django_capture_on_commit_callbacks):
    client = login(province.staff)
    assert client.post(f"/triage/stories/{story.pk}/forward/").status_code == 200  # the button: an empty form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/triage/stories/{story.pk}/forward/",
            {"recipients": "basmusavir@valilik.gov.tr, baskan@example.gov.tr", "note": "Bilginize."},
        )
    assert response.status_code == 302
    forward = StoryForward.objects.get()
    assert forward.recipients == ["basmusavir@valilik.gov.tr", "baskan@example.gov.tr"]
    assert forward.sent_at is not None
    [message] = mail.outbox
    assert message.to == forward.recipients
    assert "Bilginize." in message.body
    assert f"/triage/stories/{story.pk}/" in message.body
    assert message.reply_to == [province.staff.email]
    assert not actions.send_forward_now(forward_id=forward.pk)  # a retry sends nothing more
    assert len(mail.outbox) == 1


def test_bad_addresses_are_refused(province, story, login):
    client = login(province.staff)
    response = client.post(f"/triage/stories/{story.pk}/forward/", {"recipients": "kimse, @yok"})
    assert response.status_code == 200
    assert response.context["form"].errors["recipients"]
    assert not StoryForward.objects.exists()
