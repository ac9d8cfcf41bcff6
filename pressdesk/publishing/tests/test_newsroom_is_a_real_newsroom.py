"""Issue 23.16: the province in the header and title, search, contact box, about page, share links,
related stories, embargo, Open Graph images."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory
from pressdesk.publishing.tests.conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(province, make_story, approve, commit):
    def go(title, tags=(), photo=False, organization=None, **fields):
        story = make_story(title=title, **({"organization": organization} if organization else {}))
        actions.update_story(actor=province.staff, story=story, tags=list(tags), **fields)
        if photo:
            actions.add_photo(actor=province.staff, story=story, upload=jpeg(), caption="Foto")
        approve(story)
        with commit():
            actions.publish(actor=province.staff, story=story)
        story.refresh_from_db()
        return story

    return go


def test_header_title_and_contact_box_name_the_province(client, province, publish):
    publish("Aşı haftası")
    actions.save_newsroom_profile(
        actor=province.staff, spokesperson_name="Ayşe Yılmaz", press_email="basin@example.gov.tr", about="Hakkımızda."
    )
    html = client.get(reverse("newsroom:index")).content.decode()
    assert re.search(r"<title>\s*Haberler\s*· Kocaeli İl Sağlık Müdürlüğü</title>", html)
    assert "Ayşe Yılmaz" in html and "mailto:basin@example.gov.tr" in html
    about = client.get(reverse("newsroom:about")).content.decode()
    assert "Hakkımızda." in about and 'data-testid="press-contact"' in about


def test_a_chosen_province_shows_only_its_stories(client, province, publish):
    publish("Kocaeli haberi")
    with override_settings(NEWSROOM_ORGANIZATION=province.other_directorate.code):
        html = client.get(reverse("newsroom:index") + "?q=haberi").content.decode()
    assert "Denizli İl Sağlık Müdürlüğü" in html and "Kocaeli haberi" not in html


def test_search_finds_by_words_and_is_not_cached(client, publish):
    publish("Kanser taraması başladı")
    publish("Yeni ambulanslar")
    response = client.get(reverse("newsroom:index") + "?q=tarama")
    html = response.content.decode()
    assert "Kanser taraması başladı" in html and "Yeni ambulanslar" not in html
    assert "X-Newsroom-Cache" not in response
    assert "Bu aramaya uyan haber yok." in client.get(reverse("newsroom:index") + "?q=zzz").content.decode()


def test_story_has_share_links_related_stories_and_og_images(client, publish):
    first = publish("Aşı haftası başladı", tags=["Aşı"], photo=True)
    related = publish("Aşı haftasında yoğun ilgi", tags=["Aşı"])
    publish("Ambulans filosu", tags=["112"])
    html = client.get(first.public_path()).content.decode()
    assert 'href="https://x.com/intent/post?url=' in html and "facebook.com/sharer" in html
    assert "<script" not in html  # plain links: no third-party script
    # The stories sharing a tag come first, then the same institution's.
    assert 'data-testid="related"' in html and html.index(related.title) < html.index("Ambulans filosu")
    assert 'property="og:image" content="http' in html
    no_photo = client.get(related.public_path()).content.decode()
    assert "publishing/og-default" in no_photo  # a default Open Graph image when the story has no photo


def test_an_embargoed_story_is_hidden_until_its_time(client, province, publish, commit):
    soon = timezone.now() + datetime.timedelta(hours=2)
    story = publish("Ambargolu açıklama", embargo_until=soon)
    assert story.status == NewsStory.Status.PUBLISHED
    assert client.get(story.public_path()).status_code == 404
    assert "Ambargolu açıklama" not in client.get(reverse("newsroom:index")).content.decode()
    assert "Ambargolu açıklama" not in client.get(reverse("newsroom:feed")).content.decode()
    NewsStory.objects.filter(pk=story.pk).update(embargo_until=timezone.now() - datetime.timedelta(seconds=1))
    actions.invalidate_newsroom()
    assert client.get(story.public_path()).status_code == 200


def test_cached_pages_end_when_an_embargo_ends(province, publish):
    from pressdesk.publishing import public_views

    assert public_views._cache_seconds() == public_views.CACHE_SECONDS
    publish("Ambargolu", embargo_until=timezone.now() + datetime.timedelta(seconds=90))
    assert 1 <= public_views._cache_seconds() <= 91


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    """A Lighthouse-style check without a browser: tags nest and close, images have alt, one h1."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.h1 = 0
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "img" and "alt" not in names:
            self.problems.append(f"img without alt: {names.get('src')}")
        self.h1 += tag == "h1"
        self.scripts += tag == "script"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            return
        self.stack.pop()


def test_newsroom_pages_are_well_formed_light_and_accessible(client, publish):
    story = publish("Aşı haftası başladı", tags=["Aşı"], photo=True)
    publish("Aşı haftasında yoğun ilgi", tags=["Aşı"], photo=True)
    for path in (reverse("newsroom:index"), story.public_path(), reverse("newsroom:about"), "/newsroom/?q=aşı"):
        html = client.get(path).content.decode()
        checker = _Checker()
        checker.feed(html)
        assert checker.problems == [] and checker.stack == [], (path, checker.problems, checker.stack)
        assert checker.h1 == 1, path
        assert checker.scripts == 0, path  # nothing blocks the first paint, nothing runs from elsewhere
        assert html.lstrip().startswith("<!DOCTYPE html>") and 'lang="tr"' in html
        assert '<meta name="viewport"' in html and 'rel="icon"' in html
    listing = client.get(reverse("newsroom:index")).content.decode()
    assert listing.count('loading="lazy"') >= 2  # list photos load lazily
