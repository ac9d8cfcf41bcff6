"""Each channel's length limit and image rules: counted as the network counts, refused before scheduling."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pressdesk.channels.limits import LIMITS
from pressdesk.publishing import actions, images, text
from pressdesk.publishing.models import Publication
from pressdesk.publishing.tests.conftest import jpeg

pytestmark = pytest.mark.django_db


def test_x_counts_every_link_as_23_characters():
    post = "Aşı haftası başladı " + "https://saglik.example/haberler/2026/11/asi-haftasi-basladi-uzun-adres"
    assert text.count_for("x", post) == len("Aşı haftası başladı ") + 23


def test_bluesky_counts_graphemes():
    assert text.count_for("bluesky", "👍🏽🇹🇷👨‍👩‍👧ş") == 4
    assert text.count_for("mastodon", "ışık") == 4


def test_a_post_over_the_limit_cannot_be_scheduled_for_that_channel(province, make_story, approve, channels):
    story = make_story(social_text="Ş" * 290)
    approve(story)
    with pytest.raises(actions.PublishingError) as error:
        actions.publish(actor=province.staff, story=story, channels=[channels["x"]], when=None)
    assert "280" in " ".join(error.value.messages)
    assert not Publication.objects.exists()
    story.refresh_from_db()
    assert story.status == "draft"


def test_instagram_needs_a_photo_and_refuses_a_panorama(province, make_story, approve, channels):
    story = make_story()
    approve(story)
    problems = actions.channel_problems(story, channels["instagram"])
    assert len(problems) == 1
    story2 = make_story(title="Panorama")
    actions.add_photo(actor=province.staff, story=story2, upload=jpeg(1200, 400), caption="Panorama")
    [problem] = actions.channel_problems(story2, channels["instagram"])
    assert "3.00" in problem  # the ratio found, with the accepted range
    assert actions.channel_problems(story2, channels["mastodon"]) == []


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message(province, make_story):
    story = make_story()
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        actions.add_photo(actor=province.staff, story=story, upload=fake)
    assert "foto.jpg" in str(error.value)
    gif = io.BytesIO()
    Image.new("RGB", (300, 300)).save(gif, "GIF")
    with pytest.raises(ValidationError):
        actions.add_photo(actor=province.staff, story=story, upload=SimpleUploadedFile("a.gif", gif.getvalue()))
    assert story.photos.count() == 0


def test_a_photo_keeps_its_original_and_gets_a_web_copy(province, make_story):
    story = make_story()
    photo = actions.add_photo(
        actor=province.staff, story=story, upload=jpeg(3000, 2000), caption="Açılış", credit="İSM"
    )
    assert (photo.width, photo.height) == (3000, 2000)
    with Image.open(photo.web.path) as web:
        assert max(web.size) == images.WEB_MAX_SIDE
    with Image.open(photo.original.path) as original:
        assert original.size == (3000, 2000)


def test_a_photo_too_large_for_a_channel_is_made_smaller(province, make_story):
    story = make_story()
    photo = actions.add_photo(actor=province.staff, story=story, upload=jpeg(2400, 1600, noise=True))
    limits = LIMITS["bluesky"]
    assert Path(photo.original.path).stat().st_size > limits.image_max_bytes
    data = images.fit_bytes(Path(photo.original.path), limits)
    assert len(data) <= limits.image_max_bytes
    assert Image.open(io.BytesIO(data)).format == "JPEG"
