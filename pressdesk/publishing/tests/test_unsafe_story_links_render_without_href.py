"""A story's source address and video addresses that are not http(s) are shown as text, never as a link."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_story_page_shows_unsafe_addresses_without_href(province, make_story, login):
    story = make_story(source_url="javascript:alert(1)", video_urls="JAVASCRIPT:alert(2)\nhttps://video.example/1")
    html = login(province.staff).get(reverse("publishing:detail", args=[story.pk])).content.decode()
    assert "javascript:alert(1)" in html  # shown as text
    assert 'href="javascript' not in html.lower()
    assert '<a href="https://video.example/1" target="_blank" rel="noopener noreferrer nofollow">' in html
