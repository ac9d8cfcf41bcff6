"""Library assets on stories: "not for publication" or expired rights are refused when attached and when
published or due (publishing asks the studio through ``publishing.extensions``), in Turkish, nothing lost."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from pressdesk.creative import actions
from pressdesk.creative.models import Asset, StoryAttachment
from pressdesk.publishing import actions as publishing
from pressdesk.publishing.models import NewsStory
from pressdesk.testing.creative import approve_story, make_asset, make_story

pytestmark = pytest.mark.django_db


def test_a_photo_without_consent_cannot_be_attached(province, client, login):
    story = make_story(province)
    restricted = make_asset(province, consent=Asset.Consent.NOT_FOR_PUBLICATION, title="Hasta ile fotoğraf")
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        actions.attach_to_story(actor=province.staff, story=story, asset=restricted)
    assert "Yayımlanamaz" in caught.value.messages[0]
    assert story.photos.count() == 0 and not StoryAttachment.objects.exists()

    expired = make_asset(province, title="Eski fotoğraf", rights_expire_on=timezone.localdate() - datetime.timedelta(1))
    login(province.staff)
    response = client.post(reverse("creative:asset_attach", args=[expired.pk]), {"story": story.pk}, follow=True)
    assert "kullanım hakkı" in response.content.decode().lower()
    assert story.photos.count() == 0


def test_an_attached_photo_whose_rights_run_out_keeps_the_story_from_publishing(province, client, login):
    story = make_story(province)
    asset = make_asset(province, credit="Ayşe Foto", rights_expire_on=timezone.localdate() + datetime.timedelta(30))
    login(province.staff)
    response = client.post(reverse("creative:asset_attach", args=[asset.pk]), {"story": story.pk, "caption": "Aşı"})
    assert response.status_code == 302
    photo = story.photos.get()
    assert (photo.caption, photo.credit) == ("Aşı", "Ayşe Foto")
    assert StoryAttachment.objects.get(story=story).photo == photo
    with pytest.raises(ValidationError):
        actions.attach_to_story(actor=province.staff, story=story, asset=asset)  # once
    approve_story(story)

    # Scheduled while the rights hold; at the due time they have run out: the story stays scheduled.
    when = timezone.now() + datetime.timedelta(hours=1)
    publishing.publish(actor=province.staff, story=story, when=when)
    Asset.objects.filter(pk=asset.pk).update(rights_expire_on=timezone.localdate() - datetime.timedelta(1))
    assert publishing.publish_due(now=when + datetime.timedelta(minutes=1)) == (0, 0)
    story.refresh_from_db()
    assert story.status == NewsStory.Status.SCHEDULED

    publishing.unpublish(actor=province.staff, story=story)
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        publishing.publish(actor=province.staff, story=story)
    assert "kullanım hakkı" in " ".join(caught.value.messages).lower()
    story.refresh_from_db()
    assert story.status == NewsStory.Status.UNPUBLISHED and story.photos.count() == 1

    # A photo taken off the story takes its attachment with it.
    photo.delete()
    assert not StoryAttachment.objects.exists()
