"""The story's page picks its photo from the asset library: search, add, refused ones say why, no province crossing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.creative import actions
from pressdesk.creative.models import Asset, StoryAttachment
from pressdesk.testing.creative import make_asset, make_story

pytestmark = pytest.mark.django_db


def test_the_story_page_opens_the_picker_and_a_photo_goes_on_the_story(province, login):
    story = make_story(province)
    photo = make_asset(province, title="Aşı haftası açılış fotoğrafı", credit="Ali Veli")
    other = make_asset(province, title="Ambulans filosu", tags="112, ambulans", event="Filo tanıtımı")
    restricted = make_asset(province, title="Hasta ile fotoğraf", consent=Asset.Consent.NOT_FOR_PUBLICATION)
    for asset in (photo, other, restricted):
        actions.make_renditions(asset_id=asset.pk)
    client = login(province.staff)

    page = client.get(story.get_absolute_url()).content.decode()
    picker_url = reverse("creative:story_library", args=[story.pk])
    assert f'hx-get="{picker_url}"' in page and "Görsel arşivden seç" in page

    # The fragment (htmx) lists the province's photos; a search narrows it, Turkish-aware.
    fragment = client.get(picker_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert fragment.count('data-testid="story-library-asset"') == 3
    assert "Yayımlanamaz" in fragment and fragment.count('data-testid="story-library-attach"') == 2
    found = client.get(picker_url, {"q": "ASI HAFTASI"}, headers={"HX-Request": "true"}).content.decode()
    assert "Aşı haftası açılış fotoğrafı" in found and "Ambulans filosu" not in found
    assert 'data-testid="story-library-none"' in client.get(picker_url, {"q": "deprem"}).content.decode()

    # Added from the picker, with its caption: the story has the photo, the picker no longer offers it.
    response = client.post(
        reverse("creative:asset_attach", args=[photo.pk]),
        {"story": story.pk, "back": "story", "caption": "Aşı haftası açılışı"},
    )
    assert response.status_code == 302 and response["Location"].startswith(story.get_absolute_url())
    attachment = StoryAttachment.objects.get(story=story)
    assert attachment.asset == photo and attachment.photo.caption == "Aşı haftası açılışı"
    assert attachment.photo.credit == "Ali Veli"
    assert "Aşı haftası açılış fotoğrafı" not in client.get(picker_url).content.decode()

    # A photo that may not be published, posted anyway: refused in Turkish, back on the story.
    response = client.post(
        reverse("creative:asset_attach", args=[restricted.pk]), {"story": story.pk, "back": "story"}, follow=True
    )
    assert response.redirect_chain[-1][0] == story.get_absolute_url()
    assert "Yayımlanamaz" in response.content.decode()
    assert StoryAttachment.objects.filter(story=story).count() == 1


def test_the_picker_reads_a_bounded_number_of_queries(province, login):
    story = make_story(province)
    client = login(province.staff)
    url = reverse("creative:story_library", args=[story.pk])
    make_asset(province, title="Bir")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url, headers={"HX-Request": "true"})
    for number in range(6):
        make_asset(province, title=f"Fotoğraf {number}")
    with CaptureQueriesContext(connection) as seven:
        client.get(url, headers={"HX-Request": "true"})
    assert len(seven) == len(one)


def test_another_province_and_a_published_story_have_no_picker(province, login):
    story = make_story(province)
    url = reverse("creative:story_library", args=[story.pk])
    assert login(province.outsider).get(url).status_code == 404  # the second province's press staff
    assert login(province.requester).get(url).status_code == 404
    assert login(province.affiliate).get(url).status_code == 404
    story.status = "published"
    story.save(update_fields=["status"])
    assert login(province.staff).get(url).status_code == 404
    assert "Görsel arşivden seç" not in login(province.staff).get(story.get_absolute_url()).content.decode()


def test_a_photo_of_another_province_is_never_offered(province, login):
    from pressdesk.testing.factories import SecondProvince

    second = SecondProvince(province)
    make_asset(province, title="Kocaeli fotoğrafı", actor=province.staff)
    make_asset(second, title="Denizli fotoğrafı", actor=second.staff2)
    story = make_story(province)
    page = login(province.admin).get(reverse("creative:story_library", args=[story.pk])).content.decode()
    assert "Kocaeli fotoğrafı" in page and "Denizli fotoğrafı" not in page
