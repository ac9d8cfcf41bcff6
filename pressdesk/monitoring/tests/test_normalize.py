"""Canonical URLs, sanitised HTML, plain text, identity and title hashes."""

from dataclasses import dataclass

import pytest

from pressdesk.monitoring import normalize


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://WWW.Example.COM/haber/1?utm_source=tw&b=2&a=1#yorumlar", "https://example.com/haber/1?a=1&b=2"),
        ("https://m.example.com/haber/1?fbclid=x&gclid=y&yclid=z", "https://example.com/haber/1"),
        ("https://amp.example.com/haber/1?mc_cid=1&mc_eid=2", "https://example.com/haber/1"),
        ("https://example.com:443", "https://example.com/"),
        ("http://example.com:8080/a", "https://example.com:8080/a"),
        ("https://m.co/x", "https://m.co/x"),  # a bare two-label host keeps its name
        ("", ""),
        ("mailto:basin@saglik.gov.tr", "mailto:basin@saglik.gov.tr"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert normalize.canonical_url(url) == expected


def test_http_and_https_are_the_same_article() -> None:
    assert normalize.canonical_url("http://example.com/a") == normalize.canonical_url("https://www.example.com/a")


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script><p>Haber</p>",
        '<p onclick="alert(1)">Haber</p>',
        '<img src=x onerror="alert(1)"><p>Haber</p>',
        '<a href="javascript:alert(1)">Haber</a>',
        "<style>body{display:none}</style><p>Haber</p>",
        '<iframe src="https://evil.example"></iframe><p>Haber</p>',
        '<svg onload="alert(1)"></svg><p>Haber</p>',
    ],
)
def test_sanitize_removes_scripts_styles_and_handlers(hostile: str) -> None:
    clean = normalize.sanitize_html(hostile)
    lowered = clean.lower()
    for bad in ("<script", "alert", "onerror", "onclick", "onload", "javascript:", "<style", "<iframe", "<svg", "<img"):
        assert bad not in lowered
    assert "Haber" in clean


def test_sanitized_links_get_safe_rel() -> None:
    clean = normalize.sanitize_html('<a href="https://example.com/x" target="_blank" rel="opener">bağlantı</a>')
    assert 'href="https://example.com/x"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert "target" not in clean


def test_html_to_text_drops_tags_and_script_contents_and_keeps_paragraphs() -> None:
    text = normalize.html_to_text("<p>İL SAĞLIK&nbsp;MÜDÜRLÜĞÜ</p><script>var x = 1;</script><p>Hastane &amp; 112</p>")
    assert text == "İL SAĞLIK MÜDÜRLÜĞÜ\nHastane & 112"


def test_title_hash_follows_turkish_case_rules() -> None:
    assert normalize.title_hash("KOCAELİ ŞEHİR HASTANESİ") == normalize.title_hash("Kocaeli  Şehir hastanesi")
    assert normalize.title_hash("ISPARTA") == normalize.title_hash("ısparta")
    assert normalize.title_hash("ISPARTA") != normalize.title_hash("isparta")
    assert normalize.title_hash("  ") == ""


@dataclass
class E:
    guid: str = ""
    url: str = ""
    title: str = ""
    text: str = ""


def test_identity_uses_guid_when_unique() -> None:
    a, b = normalize.identity_hashes([E(guid="1", url="https://x.com/a"), E(guid="1b", url="https://x.com/a")])
    assert a != b
    (c,) = normalize.identity_hashes([E(guid="1", url="https://x.com/other")])
    assert a == c  # the GUID alone decides


def test_identity_adds_url_when_guid_repeats_in_the_document() -> None:
    a, b = normalize.identity_hashes([E(guid="same", url="https://x.com/a"), E(guid="same", url="https://x.com/b")])
    assert a != b


def test_identity_falls_back_to_canonical_url_then_content() -> None:
    a, b = normalize.identity_hashes([E(url="http://www.x.com/a?utm_source=rss"), E(url="https://x.com/a")])
    assert a == b
    c, d, e = normalize.identity_hashes([E(title="T", text="x"), E(title="T", text="x"), E(title="T", text="y")])
    assert c == d != e
