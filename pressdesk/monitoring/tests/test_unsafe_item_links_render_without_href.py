"""An item whose stored address is not http(s) (stored before ingest checked it) is never put in an href.

Story, archive, source, triage pages and the forward e-mail (HTML and text) show its title as plain text.
"""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from pressdesk.monitoring.models import Item
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "\x01 \tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.extend(value or "" for name, value in attrs if name in ("href", "src", "action", "formaction"))


def assert_no_unsafe_href(html: str) -> None:
    parser = _Hrefs()
    parser.feed(html)
    for href in parser.hrefs:
        cleaned = "".join(ch for ch in href if ord(ch) > 0x20).lower()
        assert not cleaned.startswith(("javascript:", "data:", "vbscript:")), href
        assert cleaned.startswith(("/", "?", "#", "http://", "https://", "mailto:", "tel:")) or not cleaned, href


@pytest.fixture
def story(province):
    hospital_term(province)
    return story_of(ingest(source_for(province), NEGATIVE))


@pytest.mark.parametrize("url", UNSAFE)
def test_pages_show_the_title_without_a_link(province, story, login, url):
    Item.objects.filter(story=story).update(url=url)
    item = Item.objects.get(story=story)
    item.source.url = url
    item.source.save(update_fields=["url"])
    client = login(province.staff)
    pages = [
        reverse("monitoring:story_detail", args=[story.pk]),
        reverse("monitoring:archive") + "?q=acil",
        reverse("monitoring:source_detail", args=[item.source_id]),
        reverse("triage:story", args=[story.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert "bekleyen hasta" in html, page
        assert_no_unsafe_href(html)


@pytest.mark.parametrize("url", UNSAFE)
def test_forward_email_shows_the_title_without_a_link(province, story, login, url, django_capture_on_commit_callbacks):
    Item.objects.filter(story=story).update(url=url)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(province.staff).post(
            reverse("triage:forward", args=[story.pk]), {"recipients": "basmusavir@valilik.gov.tr"}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    [(html, _mimetype)] = message.alternatives
    assert "bekleyen hasta" in html
    assert_no_unsafe_href(html)
    lowered = message.body.lower()
    assert "javascript:" not in lowered and "script:" not in lowered and "data:" not in lowered


def test_http_links_are_still_links(province, story, login):
    item = Item.objects.get(story=story)
    html = login(province.staff).get(reverse("monitoring:story_detail", args=[story.pk])).content.decode()
    assert f'href="{item.url}" target="_blank" rel="noopener noreferrer nofollow"' in html
