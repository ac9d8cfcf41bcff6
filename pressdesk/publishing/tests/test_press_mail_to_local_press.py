"""1.1.4: the approved story is e-mailed to each journalist on the list, once; unsubscribing is honoured."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from pressdesk.publishing import actions
from pressdesk.publishing.models import PressContact, PressDelivery
from pressdesk.publishing.tests.conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_list(province):
    return [
        actions.save_press_contact(
            actor=province.staff, name=f"Gazeteci {n}", outlet="Kocaeli Gazetesi", email=f"g{n}@example.com"
        )
        for n in range(3)
    ]


@pytest.fixture
def story(province, make_story, approve):
    story = make_story(goes_to_press=True, title="Aşı kampanyası")
    actions.add_photo(actor=province.staff, story=story, upload=jpeg(), caption="Kampanya")
    approve(story)
    return story


def test_each_journalist_gets_an_own_email_with_photos_and_an_unsubscribe_link(province, story, press_list, commit):
    mail.outbox.clear()
    with commit():
        actions.publish(actor=province.staff, story=story, email_press=True)
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["g0@example.com", "g1@example.com", "g2@example.com"]
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.subject == "Aşı kampanyası"
        assert message.attachments[0][2] == "image/jpeg"
        assert "/newsroom/unsubscribe/" in message.body
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
        # The list is tracked by default: the media-kit link is a signed redirect to it.
        assert "/newsroom/t/c/" in message.body or reverse("newsroom:media_kit", args=[story.pk]) in message.body


def test_sending_again_writes_to_nobody_twice(province, story, press_list, commit):
    mail.outbox.clear()
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    assert len(mail.outbox) == 3
    assert PressDelivery.objects.filter(status="sent").count() == 3


def test_an_unsubscribed_journalist_is_not_written_to_again(client, province, story, press_list, commit):
    mail.outbox.clear()
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    message = next(m for m in mail.outbox if m.to == ["g1@example.com"])
    link = re.search(r"https?://\S+(/newsroom/unsubscribe/\S+/)", message.body).group(1)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 200
    assert PressContact.objects.get(email="g1@example.com").unsubscribed_at is not None

    mail.outbox.clear()
    PressDelivery.objects.all().delete()
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    assert "g1@example.com" not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_a_forged_unsubscribe_link_is_404(client):
    assert client.get("/newsroom/unsubscribe/sahte-anahtar/").status_code == 404


def test_a_story_not_going_to_the_press_is_not_emailed(province, make_story, approve, press_list):
    story = make_story()
    approve(story)
    with pytest.raises(actions.PublishingError):
        actions.queue_press_mail(actor=province.staff, story=story)


def test_a_duplicate_address_is_refused(province, press_list):
    with pytest.raises(actions.PublishingError):
        actions.save_press_contact(actor=province.staff, name="Aynı", email="G0@example.com")
