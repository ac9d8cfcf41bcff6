"""A page without a feed is watched for new article links; new links become items with the article's text."""

from __future__ import annotations

import datetime

import pytest

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import Item, Source
from pressdesk.monitoring.sources.webpage import extract_links, looks_like_article
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)


def page(*links: tuple[str, str]) -> bytes:
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return f"""<!DOCTYPE html><html><head><meta charset="windows-1254"><title>Haberler</title></head><body>
<nav><a href="/">Ana Sayfa</a> <a href="/kategori/saglik">Sağlık</a> <a href="/etiket/kocaeli">Kocaeli</a>
<a href="/yazar/ayse-yilmaz">Ayşe Yılmaz</a> <a href="https://baska-site.example/haber/baska-sitede-bir-haber-1">Dış</a>
<a href="javascript:alert(1)">x</a> <a href="/sayfa/2">2</a> <a href="/iletisim">İletişim</a></nav>
<ul>{anchors}</ul></body></html>""".encode("cp1254")


ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>
<meta property="og:title" content="Derince'de yeni aile sağlığı merkezi açıldı">
<meta property="article:published_time" content="2026-11-22T11:00:00+03:00"></head><body><article>
<h1>Derince'de yeni aile sağlığı merkezi açıldı</h1>
<p>İl Sağlık Müdürlüğü, Derince ilçesinde yeni aile sağlığı merkezinin
hizmete girdiğini duyurdu. Merkezde dört hekim görev yapacak.</p><p>Açılışa il sağlık müdürü katıldı.</p>
</article></body></html>"""


def test_article_like_paths() -> None:
    assert looks_like_article("https://x.example/saglik/sehir-hastanesinde-yeni-bolum-acildi")
    assert looks_like_article("https://x.example/haber/123456")
    assert looks_like_article("https://x.example/2026/11/22/haber.html")
    for path in ("/", "/kategori/saglik", "/etiket/a-b-c-d", "/img/a-b-c-d.jpg", "/sayfa/2", "/iletisim"):
        assert not looks_like_article("https://x.example" + path), path


def test_links_are_same_site_article_links_with_their_text() -> None:
    body = page(("/saglik/sehir-hastanesinde-yeni-bolum-acildi", "Şehir Hastanesi'nde <b>yeni</b> bölüm"))
    links = extract_links(body, base_url="https://www.korfez.example/haberler")
    assert [(link.url, link.title) for link in links] == [
        ("https://www.korfez.example/saglik/sehir-hastanesinde-yeni-bolum-acildi", "Şehir Hastanesi'nde yeni bölüm")
    ]


def test_first_check_is_the_baseline_and_new_links_later_are_fetched(server: FakeServer) -> None:
    source = SourceFactory(kind=Source.Kind.WEB_PAGE, url=server.url("/haberler"), allowed_private=True)
    server.serve("/haberler", page(("/saglik/sehir-hastanesinde-yeni-bolum-acildi", "Şehir Hastanesi'nde yeni bölüm")),
                 content_type="text/html")  # fmt: skip
    first = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert first is not None and (first.outcome, first.new_items) == ("new", 1)
    assert not any("sehir-hastanesinde" in request["path"] for request in server.requests)  # baseline: no article fetch

    server.serve("/haberler", page(
        ("/saglik/derincede-yeni-aile-sagligi-merkezi-acildi", "Derince'de ASM"),
        ("/saglik/sehir-hastanesinde-yeni-bolum-acildi", "Şehir Hastanesi'nde yeni bölüm"),
    ), content_type="text/html")  # fmt: skip
    server.serve("/saglik/derincede-yeni-aile-sagligi-merkezi-acildi", ARTICLE.encode(), content_type="text/html")
    second = polling.poll_source(source_id=source.pk, now=NOW + datetime.timedelta(minutes=15), engines=STUB_ENGINES)
    assert second is not None and (second.outcome, second.new_items) == ("new", 1)
    item = Item.objects.get(url__contains="derincede")
    assert item.title == "Derince'de yeni aile sağlığı merkezi açıldı"
    assert "dört hekim" in item.text
    assert item.published_at == datetime.datetime(2026, 11, 22, 8, 0, tzinfo=datetime.UTC)
    assert Item.objects.filter(source=source).count() == 2


def test_link_filter_narrows_to_a_path_part(server: FakeServer) -> None:
    source = SourceFactory(
        kind=Source.Kind.WEB_PAGE, url=server.url("/"), allowed_private=True, config={"link_contains": "/duyuru/"}
    )
    server.serve("/", page(("/duyuru/basin-toplantisi", "Basın toplantısı"), ("/saglik/a-b-c-d-e", "Başka haber")),
                 content_type="text/html")  # fmt: skip
    polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert list(Item.objects.values_list("title", flat=True)) == ["Basın toplantısı"]
