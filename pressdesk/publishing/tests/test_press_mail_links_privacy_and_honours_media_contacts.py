"""Story press e-mails carry the privacy-notice link like release e-mails, and an address that a media
contact of the province unsubscribed (or had flagged invalid) gets no story press e-mail either."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations.models import MediaContact
from pressdesk.publishing import actions
from pressdesk.publishing.models import PressDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_list(province):
    return [
        actions.save_press_contact(
            actor=province.staff, name=f"Gazeteci {n}", outlet="Kocaeli Gazetesi", email=f"g{n}@example.com"
        )
        for n in range(4)
    ]


@pytest.fixture
def story(province, make_story, approve):
    story = make_story(goes_to_press=True, title="Aşı kampanyası")
    approve(story)
    return story


def _media_contact(directorate, organization, email, **flags):
    return MediaContact.objects.create(
        province=directorate, organization=organization, name="Basın Rehberinde", email=email, **flags
    )


def test_story_press_email_links_the_privacy_notice_in_text_and_html(province, story, press_list, commit):
    mail.outbox.clear()
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    privacy = reverse("mediarelations:privacy")
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert privacy in message.body and "Aydınlatma metni:" in message.body
        html = message.alternatives[0][0] if message.alternatives else ""  # the tracked list has an HTML part
        assert not html or privacy in html


def test_an_address_opted_out_in_the_media_contacts_is_skipped_on_the_press_list(province, story, press_list, commit):
    now = timezone.now()
    _media_contact(province.directorate, province.unit, "G1@example.com", unsubscribed_at=now)  # case differs
    _media_contact(province.directorate, province.hospital, "g2@example.com", email_invalid_at=now)
    _media_contact(province.other_directorate, province.other_directorate, "g3@example.com", unsubscribed_at=now)
    mail.outbox.clear()
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    # g3 opted out only in another province's contacts: this province's list still writes to them.
    assert sorted(m.to[0] for m in mail.outbox) == ["g0@example.com", "g3@example.com"]
    assert set(PressDelivery.objects.values_list("contact__email", flat=True)) == {"g0@example.com", "g3@example.com"}
