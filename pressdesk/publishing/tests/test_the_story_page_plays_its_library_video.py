"""The internal story page plays the library video attached to the story (issue 28 point 5), through
the same ``publishing.extensions`` point the public newsroom uses, at addresses served to the
story's readers (the public ones answer only for a public story)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pressdesk.creative import actions as creative
from pressdesk.testing.creative import make_asset, make_story
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(province: Any) -> Any:
    """A library video with its web copy and poster frame (made by hand: no ffmpeg needed)."""
    asset = make_asset(province, actor=province.staff, title="Aşı tanıtım filmi")
    creative.make_renditions(asset_id=asset.pk)  # the "web" size is the poster
    asset.kind = "video"
    asset.web_video.save("web.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=True)
    return asset


def test_the_story_page_plays_the_attached_video(province: Any, video: Any, client: Any, login: Any) -> None:
    story = make_story(province, title="Aşı haftası filmi")
    attachment = creative.attach_to_story(actor=province.staff, story=story, asset=video)
    login(province.staff)
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'data-testid="story-video"' in page
    assert reverse("creative:story_video", args=[attachment.pk]) in page
    assert reverse("creative:story_poster", args=[attachment.pk]) in page
    assert "Aşı tanıtım filmi" in page

    played = client.get(reverse("creative:story_video", args=[attachment.pk]))
    assert played.status_code == 200 and played["Content-Type"] == "video/mp4"
    assert b"".join(played.streaming_content) == b"\x00\x00\x00\x18ftypmp42"
    poster = client.get(reverse("creative:story_poster", args=[attachment.pk]))
    assert poster.status_code == 200 and poster["Content-Type"] == "image/jpeg"
    # the newsroom's address answers only once the story is public
    assert client.get(reverse("creative:public_video", args=[attachment.pk])).status_code == 404

    other = make_story(province, title="Videosuz haber")
    assert 'data-testid="story-video"' not in client.get(other.get_absolute_url()).content.decode()


def test_another_provinces_user_gets_neither_the_page_nor_the_video(
    province: Any, video: Any, client: Any, login: Any
) -> None:
    story = make_story(province)
    attachment = creative.attach_to_story(actor=province.staff, story=story, asset=video)
    second = SecondProvince(province)
    for outsider in (second.staff, second.director, province.affiliate):
        login(outsider)
        response = client.get(story.get_absolute_url())
        assert response.status_code in (403, 404), outsider
        assert 'data-testid="story-video"' not in response.content.decode()
        assert client.get(reverse("creative:story_video", args=[attachment.pk])).status_code == 404
        assert client.get(reverse("creative:story_poster", args=[attachment.pk])).status_code == 404
