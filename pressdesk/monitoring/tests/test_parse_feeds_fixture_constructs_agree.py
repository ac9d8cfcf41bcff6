"""The fast RSS/Atom reader and feedparser agree on every construct of the fixture feeds in ``feeds/``.

Each fixture holds one construct the fast path used to lose: ``dc:title``,
``dc:description``, ``xhtml:body`` and ``content:encoded`` variants, Atom's
``link``/``id``/``updated`` inside RSS items, ``<item>`` inside Atom, an Atom
entry whose only address is its ``id``, several ``<updated>``. ``parse_feed``
(which takes the fast path when it can) must give what feedparser gives.
"""

import datetime
from pathlib import Path
from unittest import mock

import pytest

from pressdesk.monitoring import parsing

FEEDS = Path(__file__).with_name("feeds")
FETCHED = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)
FIXTURES = sorted(FEEDS.glob("*.xml"))
#: Fixtures the fast path reads itself (the others it hands to feedparser).
READ_FAST = {
    "rss_dc_title.xml",
    "rss_dc_description.xml",
    "rss_atom_elements.xml",
    "atom_items.xml",
    "atom_id_as_link.xml",
    "atom_several_updated.xml",
}


def _entries(feed: parsing.ParsedFeed) -> list[dict[str, object]]:
    return [vars(entry) for entry in feed.entries]


def _through_feedparser(body: bytes) -> parsing.ParsedFeed:
    with mock.patch.object(parsing, "_parse_lean", return_value=None):
        return parsing.parse_feed(body, fetched_at=FETCHED)


@pytest.mark.parametrize("path", FIXTURES, ids=[path.name for path in FIXTURES])
def test_fast_path_and_feedparser_give_the_same_entries(path: Path) -> None:
    body = path.read_bytes()
    reference = _through_feedparser(body)
    assert reference.entries, "feedparser reads the fixture"
    fast = parsing.parse_feed(body, fetched_at=FETCHED)
    assert (fast.title, fast.link) == (reference.title, reference.link)
    assert _entries(fast) == _entries(reference)


@pytest.mark.parametrize("name", sorted(READ_FAST))
def test_common_constructs_stay_on_the_fast_path(name: str) -> None:
    body = (FEEDS / name).read_bytes()
    root = parsing._safe_tree(body)
    assert root is not None
    assert parsing._parse_lean(root, body, "") is not None


def test_what_the_fixtures_say_is_kept() -> None:
    def read(name: str) -> list[parsing.ParsedEntry]:
        return parsing.parse_feed((FEEDS / name).read_bytes(), fetched_at=FETCHED).entries

    assert [entry.title for entry in read("rss_dc_title.xml")] == [
        "Yalnız dc:title ile gelen haber",
        "Önce gelen başlık",
        "Önce gelen dc:title",
        "Boş başlıktan sonra dc:title",
    ]
    assert read("rss_dc_description.xml")[0].text == "Kocaeli Şehir Hastanesi'nde yeni bölüm"
    assert "İl Sağlık Müdürlüğü" in read("rss_content_variants.xml")[0].text
    atom_in_rss = read("rss_atom_elements.xml")
    assert atom_in_rss[0].url == "https://karma.example/haber/1"
    assert atom_in_rss[0].published_at == datetime.datetime(2026, 11, 21, 5, 0, tzinfo=datetime.UTC)
    assert atom_in_rss[2].url == "https://karma.example/haber/3"
    assert [entry.guid for entry in read("atom_items.xml")] == ["urn:ajans:1", "urn:ajans:2", "urn:ajans:3"]
    linked_by_id = read("atom_id_as_link.xml")
    assert linked_by_id[0].url == "https://kimlik.example/haber/1"
    assert linked_by_id[1].url == ""  # a tag: id is not an address
    several = read("atom_several_updated.xml")
    assert several[0].published_at == datetime.datetime(2026, 11, 21, 8, 0, tzinfo=datetime.UTC)
    assert several[2].guid == "urn:tarih:3b"
