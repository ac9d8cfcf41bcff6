"""The public newsroom: published stories only, cached with invalidation, valid RSS, media kits, sharing tags."""

import io
import zipfile

import feedparser
import pytest
from defusedxml import ElementTree
from django.urls import reverse

from pressdesk.publishing import actions
from pressdesk.publishing.tests.conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_story(province, make_story, approve, commit):
    story = make_story(title="Kanser taraması haftası")
    actions.update_story(actor=province.staff, story=story, tags=["Kanser", "Tarama"])
    actions.add_photo(actor=province.staff, story=story, upload=jpeg(2400, 1600), caption="Tarama", credit="İSM")
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story)
    story.refresh_from_db()
    return story


def test_published_story_page_has_photos_and_sharing_tags(client, public_story):
    response = client.get(public_story.public_path())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta property="og:title" content="Kanser taraması haftası">' in html
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert 'property="og:image"' in html
    assert 'lang="tr"' in html
    assert reverse("newsroom:media_kit", args=[public_story.pk]) in html
    photo = public_story.photos.get()
    assert client.get(reverse("newsroom:photo", args=[photo.pk, "web"])).status_code == 200


def test_drafts_unapproved_scheduled_and_submitted_stories_are_404(client, province, make_story, approve):
    draft = make_story(title="Taslak")
    submitted = make_story(author=province.affiliate, title="Hastane haberi")
    actions.submit_to_unit(actor=province.affiliate, story=submitted)
    approved = make_story(title="Onaylı ama yayınlanmamış")
    approve(approved)
    for story in (draft, submitted, approved):
        assert client.get(story.public_path()).status_code == 404
        assert client.get(reverse("newsroom:media_kit", args=[story.pk])).status_code == 404
    listing = client.get(reverse("newsroom:index")).content.decode()
    assert "Taslak" not in listing and "Hastane haberi" not in listing


def test_rss_is_valid_rss_2_with_the_published_story(client, public_story):
    response = client.get(reverse("newsroom:feed"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    [entry] = feed.entries
    assert entry.title == "Kanser taraması haftası"
    assert entry.link.endswith(public_story.public_path())
    assert {tag.term for tag in entry.tags} == {"Kanser", "Tarama"}
    assert entry.enclosures[0].type == "image/jpeg"


def test_tag_page_lists_the_story(client, public_story):
    tag = public_story.tags.get(name="Tarama")
    assert "Kanser taraması haftası" in client.get(tag.get_absolute_url()).content.decode()


def test_media_kit_holds_the_full_resolution_photos(client, public_story):
    response = client.get(reverse("newsroom:media_kit", args=[public_story.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    photo_name = next(name for name in archive.namelist() if name.endswith(".jpg"))
    from PIL import Image

    assert Image.open(io.BytesIO(archive.read(photo_name))).size == (2400, 1600)
    assert "Tarama (İSM)" in archive.read("haber.txt").decode()


def test_pages_are_cached_and_a_new_publication_shows_at_once(
    client, province, make_story, approve, public_story, commit
):
    first = client.get(reverse("newsroom:index"))
    assert first["X-Newsroom-Cache"] == "miss"
    assert client.get(reverse("newsroom:index"))["X-Newsroom-Cache"] == "hit"
    story = make_story(title="Yeni hastane açıldı")
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story)
    response = client.get(reverse("newsroom:index"))
    assert response["X-Newsroom-Cache"] == "miss"
    assert "Yeni hastane açıldı" in response.content.decode()
    with commit():
        actions.unpublish(actor=province.staff, story=story)
    assert client.get(story.public_path()).status_code == 404


def test_the_list_costs_the_same_queries_for_many_stories(
    client, province, make_story, approve, commit, django_assert_max_num_queries
):
    for n in range(6):
        story = make_story(title=f"Haber {n}")
        actions.update_story(actor=province.staff, story=story, tags=["Aşı"])
        approve(story)
        with commit():
            actions.publish(actor=province.staff, story=story)
    # 6 for the stories, their tags and photos; up to 3 for the newsroom's province and its profile.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("newsroom:index")).status_code == 200
