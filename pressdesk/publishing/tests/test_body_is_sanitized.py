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


EDITOR_HTML = (
    "Kocaeli Şehir Hastanesi 7/24 görev yapıyor."
    "<div>Randevular <b>MHRS</b> üzerinden alınıyor.</div><div><br></div>"
    '<div><ul><li>Aşı</li><li>Tarama</li></ul></div><div>Ayrıntı <a href="https://saglik.example">sitede</a>.</div>'
)


def test_each_line_typed_in_the_editor_stays_a_paragraph_to_the_newsroom(client, province, make_story, approve, commit):
    """Enter in Chrome's editor makes ``<div>``; paragraphs, lists, links and bold survive saving."""
    story = make_story(body_html=EDITOR_HTML)
    assert story.body_html.startswith("<p>Kocaeli Şehir Hastanesi 7/24 görev yapıyor.</p><p>Randevular <b>MHRS</b>")
    assert "<ul><li>Aşı</li><li>Tarama</li></ul>" in story.body_html
    assert '<a href="https://saglik.example" rel="noopener noreferrer">sitede</a>' in story.body_html
    assert "<p><br></p>" not in story.body_html and "<div" not in story.body_html
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story)
    page = client.get(story.public_path()).content.decode()
    assert "görev yapıyor.</p><p>Randevular" in page
    feed = client.get("/newsroom/feed.xml").content.decode()
    assert "yapıyor.Randevular" not in feed


def test_bare_text_and_escaped_markup_stay_text_inside_paragraphs(province, make_story):
    story = make_story(body_html="1 &lt; 2 ve &lt;script&gt;<div>x &amp; y</div>")
    assert story.body_html == "<p>1 &lt; 2 ve &lt;script&gt;</p><p>x &amp; y</p>"
