"""``{% external_link %}`` links only absolute http(s) addresses; anything else is shown as text with no href."""

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from pressdesk.lib.links import safe_external_url

UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \t\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    "http:/no-host",
    "https://exa\x00mple.com/",
    "",
    None,
]


def render(source: str, **context: object) -> str:
    return Template("{% load links %}" + source).render(Context(context))


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_addresses_render_as_text_without_href(url: object) -> None:
    html = render("{% external_link url 'Haber başlığı' %}", url=url)
    assert html == "Haber başlığı"
    assert safe_external_url(url) == ""
    assert render("{{ url|external_url }}", url=url) == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/haber?a=1&b=2", "https://example.com/haber?a=1&amp;b=2"),
        ("HTTP://Example.com/", "HTTP://Example.com/"),
        ("  https://example.com/x\n", "https://example.com/x"),
    ],
)
def test_http_addresses_open_in_a_new_tab_without_referrer(url: str, expected: str) -> None:
    html = render("{% external_link url 'Başlık' %}", url=url)
    assert html == f'<a href="{expected}" target="_blank" rel="noopener noreferrer nofollow">Başlık</a>'


def test_text_is_escaped_unless_marked_safe_and_defaults_to_the_address() -> None:
    assert render("{% external_link url text %}", url="javascript:x", text="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert render("{% external_link url text %}", url="javascript:x", text=mark_safe("<mark>x</mark>")) == (
        "<mark>x</mark>"
    )
    assert render("{% external_link url %}", url="vbscript:x") == "vbscript:x"
    assert render("{% external_link url %}", url="https://a.example/") == (
        '<a href="https://a.example/" target="_blank" rel="noopener noreferrer nofollow">https://a.example/</a>'
    )


def test_extra_attributes_are_escaped() -> None:
    html = render('{% external_link url "x" class_="small" data_testid=\'a"b\' %}', url="https://a.example/")
    assert ' class="small"' in html
    assert ' data-testid="a&quot;b"' in html
