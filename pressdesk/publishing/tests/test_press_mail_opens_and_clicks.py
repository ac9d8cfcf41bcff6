"""Issue 23.15: press e-mail opens and clicks, per e-mail figures, signed redirects only, and a per-list opt-out."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from pressdesk.publishing import actions, queries
from pressdesk.publishing.models import PressDelivery
from pressdesk.publishing.tests.conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_list(province):
    return [
        actions.save_press_contact(actor=province.staff, name=f"Gazeteci {n}", email=f"g{n}@example.com")
        for n in range(2)
    ]


@pytest.fixture
def story(province, make_story, approve):
    story = make_story(goes_to_press=True, title="Aşı kampanyası")
    actions.add_photo(actor=province.staff, story=story, upload=jpeg(), caption="Kampanya")
    approve(story)
    return story


def _links(message):
    return re.findall(r"https?://\S+/newsroom/t/c/[^/\s]+/", message.body)


def _pixel(message):
    html = message.alternatives[0][0]
    return re.search(r'<img src="https?://[^/]+(/newsroom/t/o/[^"]+\.gif)"', html).group(1)


def test_opens_and_clicks_are_counted_per_email(client, province, story, press_list, commit):
    mail.outbox.clear()
    with commit():
        actions.publish(actor=province.staff, story=story, email_press=True)
    first, second = mail.outbox
    assert "açıldığını ve bağlantılarına tıklandığını kaydeder" in first.body  # the privacy text says so
    pixel = _pixel(first)
    response = client.get(pixel)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    client.get(pixel)
    [story_link, kit_link] = _links(first)
    response = client.get(story_link.split("127.0.0.1:8000", 1)[-1])
    assert response.status_code == 302 and response["Location"] == story.public_url()
    kit = client.get(kit_link.split("127.0.0.1:8000", 1)[-1])
    assert kit["Location"].endswith(reverse("newsroom:media_kit", args=[story.pk]))
    # The second journalist only clicked (images blocked): a click counts as an open.
    client.get(_links(second)[0].split("127.0.0.1:8000", 1)[-1])
    delivery = PressDelivery.objects.get(contact__email=first.to[0])
    assert (delivery.open_count, delivery.click_count) == (2, 2)
    assert queries.press_mail_figures(story) == {"sent": 2, "tracked": 2, "opened": 2, "clicked": 2}
    client.force_login(province.staff)
    page = client.get(reverse("publishing:detail", args=[story.pk])).content.decode()
    assert 'data-testid="press-figures"' in page


def test_the_redirect_goes_only_to_addresses_signed_into_the_email(client, story, press_list, province, commit):
    with commit():
        actions.publish(actor=province.staff, story=story, email_press=True)
    delivery = PressDelivery.objects.first()
    forged = signing.dumps([delivery.pk, "https://evil.example/"], salt="another-salt", compress=True)
    assert client.get(reverse("newsroom:press_mail_clicked", args=[forged])).status_code == 404
    unsafe = actions.press_click_token(delivery, "javascript:alert(1)")
    assert client.get(reverse("newsroom:press_mail_clicked", args=[unsafe])).status_code == 404
    assert client.get(reverse("newsroom:press_mail_opened", args=["x:y:z"])).status_code == 404


def test_a_list_that_opted_out_gets_plain_links_and_no_pixel(client, province, story, press_list, commit):
    actions.save_newsroom_profile(actor=province.staff, track_press_mail=False)
    mail.outbox.clear()
    with commit():
        actions.publish(actor=province.staff, story=story, email_press=True)
    for message in mail.outbox:
        assert not getattr(message, "alternatives", None)
        assert "/newsroom/t/" not in message.body
        assert "kaydeder" not in message.body
        assert story.public_url() in message.body
    assert not PressDelivery.objects.filter(tracked=True).exists()


def test_switching_off_stops_recording_for_emails_already_sent(client, province, story, press_list, commit):
    mail.outbox.clear()
    with commit():
        actions.publish(actor=province.staff, story=story, email_press=True)
    actions.save_newsroom_profile(actor=province.staff, track_press_mail=False)
    client.get(_pixel(mail.outbox[0]))
    link = _links(mail.outbox[0])[0].split("127.0.0.1:8000", 1)[-1]
    assert client.get(link).status_code == 302  # the link still works
    assert not PressDelivery.objects.filter(open_count__gt=0).exists()
    assert not PressDelivery.objects.filter(click_count__gt=0).exists()


def test_the_opt_out_is_per_province_and_only_for_the_unit(client, province):
    other = province.other_directorate
    actions.save_newsroom_profile(actor=province.staff, track_press_mail=False)
    assert not actions.tracks_press_mail(province.directorate.pk)
    assert actions.tracks_press_mail(other.pk)
    client.force_login(province.staff)
    response = client.post(
        reverse("publishing:newsroom_settings"), {"track_press_mail": "on", "spokesperson_name": "Ali Veli"}
    )
    assert response.status_code == 302
    assert actions.tracks_press_mail(province.directorate.pk)
    client.force_login(province.affiliate)
    assert client.get(reverse("publishing:newsroom_settings")).status_code == 403
