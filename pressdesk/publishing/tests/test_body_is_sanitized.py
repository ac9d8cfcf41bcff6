import pytest

from pressdesk.publishing import actions

pytestmark = pytest.mark.django_db


def test_scripts_styles_and_handlers_are_removed_from_the_body(province, make_story):
    story = make_story(
        body_html='<p onclick="x()">Metin <script>alert(1)</script><a href="javascript:alert(1)">bağ</a>'
        '<a href="https://saglik.example">site</a><img src=x onerror=alert(1)><style>p{}</style></p><h2>Başlık</h2>'
    )
    assert "script" not in story.body_html
    assert "onclick" not in story.body_html
    assert "javascript" not in story.body_html
    assert "<img" not in story.body_html
    assert '<a href="https://saglik.example" rel="noopener noreferrer">site</a>' in story.body_html
    assert "<h2>Başlık</h2>" in story.body_html
    actions.update_story(actor=province.staff, story=story, body_html="<p>ok</p><iframe src=x></iframe>")
    story.refresh_from_db()
    assert story.body_html == "<p>ok</p>"


def test_the_spot_is_escaped_in_the_feed_and_on_the_page(client, province, make_story, approve, commit):
    story = make_story(spot="Yaş < 18 için <b>ücretsiz</b>")
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story)
    feed = client.get("/newsroom/feed.xml").content.decode()
    assert "&lt;b&gt;ücretsiz" in feed or "&amp;lt;b&amp;gt;ücretsiz" in feed
    page = client.get(story.public_path()).content.decode()
    assert "<b>ücretsiz</b>" not in page
