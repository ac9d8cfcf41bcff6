"""CPU cost of reading the non-feed source kinds, each against a baseline measured in the same run.

* news sitemap (defusedxml, 1,000 ``<url>``s) vs the same entries as RSS through feedparser;
* web page link extraction (300 links) vs a bare lxml ``iterlinks`` walk;
* article extraction with trafilatura (title, text, date, image) vs ``lxml`` ``text_content()``;
* the Windows-1254 repair (``charset.repair``) on a 1 MB UTF-8 feed vs no repair.

No network, no database: ``.venv/bin/python benchmarks/bench_sources.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")

import django

django.setup()

import lxml.html  # noqa: E402

from pressdesk.monitoring import charset, parsing  # noqa: E402
from pressdesk.monitoring.sources import article, sitemap, webpage  # noqa: E402

WORDS = [
    "Kocaeli",
    "Şehir",
    "Hastanesi",
    "İl",
    "Sağlık",
    "Müdürlüğü",
    "112",
    "acil",
    "yoğun",
    "bakım",
    "ünitesi",
    "hizmete",
    "girdi",
    "hastalar",
]


def sentence(i: int, n: int = 12) -> str:
    return " ".join(WORDS[(i + k) % len(WORDS)] for k in range(n))


def news_sitemap(n: int) -> bytes:
    urls = "".join(
        f"<url><loc>https://gazete.example/saglik/haber-{i}-{sentence(i, 4).replace(' ', '-')}.html</loc>"
        f"<news:news><news:publication><news:name>Gazete</news:name><news:language>tr</news:language>"
        f"</news:publication><news:publication_date>2026-11-22T10:{i % 60:02d}:00+03:00</news:publication_date>"
        f"<news:title>{sentence(i)}</news:title></news:news></url>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def rss(n: int) -> bytes:
    items = "".join(
        f"<item><link>https://gazete.example/saglik/haber-{i}.html</link><title>{sentence(i)}</title>"
        f"<pubDate>Sun, 22 Nov 2026 10:{i % 60:02d}:00 +0300</pubDate></item>"
        for i in range(n)
    )
    head = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>G</title>'
    return f"{head}{items}</channel></rss>".encode()


def page(n: int) -> bytes:
    links = "".join(
        f'<li><a href="/saglik/{sentence(i, 5).replace(" ", "-")}-{i}">{sentence(i)}</a></li>' for i in range(n)
    )
    nav = "".join(f'<a href="/kategori/k{i}">Kategori {i}</a>' for i in range(40))
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
    return f"{head}<body><nav>{nav}</nav><ul>{links}</ul></body></html>".encode()


def article_page() -> bytes:
    paragraphs = "".join(f"<p>{sentence(i, 40)}.</p>" for i in range(12))
    menu = "".join(f'<li><a href="/k{i}">Menü {i}</a></li>' for i in range(60))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Haber</title>"
        "<meta property='og:title' content='Şehir Hastanesi yeni ünite'>"
        "<meta property='article:published_time' content='2026-11-22T10:15:00+03:00'>"
        f"<meta property='og:image' content='https://g.example/a.jpg'></head><body><nav><ul>{menu}</ul></nav>"
        f"<article><h1>Şehir Hastanesi yeni ünite</h1>{paragraphs}</article><aside>{menu}</aside>"
        "<footer>© 2026</footer></body></html>"
    ).encode()


def rate(fn: Callable[[], object], rounds: int) -> float:
    fn()  # warm up
    started = time.perf_counter()
    for _ in range(rounds):
        fn()
    return rounds / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    rounds = args.rounds
    smap, feed, html, art = news_sitemap(1000), rss(1000), page(300), article_page()
    big = rss(8000)
    print(
        f"{len(big) / 1e6:.1f} MB feed for the charset check; {rounds} rounds each; 2 shared cores, other work running"
    )
    rows = [
        (
            "news sitemap, 1,000 urls (docs/s)",
            lambda: sitemap.parse(smap),
            lambda: parsing.parse_feed(feed),
            "feedparser, same entries as RSS",
        ),
        (
            "page links, 300 links (pages/s)",
            lambda: webpage.extract_links(html, base_url="https://gazete.example/"),
            lambda: list(lxml.html.document_fromstring(html).iterlinks()),
            "lxml iterlinks only",
        ),
        (
            "article extraction (articles/s)",
            lambda: article.extract(art, url="https://gazete.example/a", content_type="text/html"),
            lambda: lxml.html.document_fromstring(art).text_content(),
            "lxml text_content()",
        ),
        (
            "charset repair, 1.8 MB UTF-8 feed (feeds/s)",
            lambda: charset.repair(big, "application/rss+xml"),
            lambda: big,
            "no repair",
        ),
    ]
    print(f"{'what':45} {'ours':>10} {'baseline':>10}  baseline")
    for name, ours, base, label in rows:
        print(f"{name:45} {rate(ours, rounds):10.1f} {rate(base, rounds):10.1f}  {label}")


if __name__ == "__main__":
    main()
