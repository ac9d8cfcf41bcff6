"""Mastodon accounts/hashtags and Bluesky accounts/searches through their public APIs; posts become items."""

from __future__ import annotations

import datetime
import json
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import Item, Source
from pressdesk.monitoring.sources import bluesky, mastodon
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer, respond

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)
THUMB = "https://cdn.bsky.app/img/feed_thumbnail/plain/x.jpg"


def status(status_id: int, content: str, **extra: Any) -> dict[str, Any]:
    """A Status entity as documented at https://docs.joinmastodon.org/entities/Status/."""
    return {
        "id": str(status_id),
        "created_at": "2026-11-22T06:30:00.000Z",
        "in_reply_to_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "tr",
        "uri": f"https://sosyal.example/users/kocaelisaglik/statuses/{status_id}",
        "url": f"https://sosyal.example/@kocaelisaglik/{status_id}",
        "replies_count": 0,
        "reblogs_count": 3,
        "favourites_count": 7,
        "content": content,
        "reblog": None,
        "account": {"id": "109", "username": "kocaelisaglik", "acct": "kocaelisaglik", "display_name": "Kocaeli İSM"},
        "media_attachments": [],
        "mentions": [],
        "tags": [{"name": "saglik", "url": "https://sosyal.example/tags/saglik"}],
        "emojis": [],
        "card": None,
        "poll": None,
        **extra,
    }


def json_route(server: FakeServer, path: str, answer: Any) -> list[dict[str, list[str]]]:
    calls: list[dict[str, list[str]]] = []

    def handler(h: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(h.path).query)
        calls.append(query)
        body = answer(query) if callable(answer) else answer
        respond(h, 200, json.dumps(body).encode(), Content_Type="application/json; charset=utf-8")

    server.routes[path] = handler
    return calls


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("@kocaelisaglik@sosyal.example", ("https://sosyal.example", {"account": "kocaelisaglik"})),
        ("kocaelisaglik@Sosyal.Example", ("https://sosyal.example", {"account": "kocaelisaglik"})),
        ("https://sosyal.example/@kocaelisaglik", ("https://sosyal.example", {"account": "kocaelisaglik"})),
        ("#sağlık@sosyal.example", ("https://sosyal.example", {"tag": "sağlık"})),
        ("https://sosyal.example/tags/kocaeli", ("https://sosyal.example", {"tag": "kocaeli"})),
        ("@kocaelisaglik", None),  # which instance?
        ("@kocaeli saglik@sosyal.example", None),
        ("#123@sosyal.example", None),
        ("https://sosyal.example/@a/../../etc", None),
        ("http://sosyal.example/@kocaelisaglik", None),
    ],
)
def test_mastodon_targets(value: str, expected: object) -> None:
    assert mastodon.parse_target(value) == expected


def test_mastodon_account_is_looked_up_then_paged_with_since_id(server: FakeServer) -> None:
    lookups = json_route(server, "/api/v1/accounts/lookup", {"id": "109", "acct": "kocaelisaglik"})
    pages = {
        0: [status(205, "<p>Yeni bölüm</p>"), status(204, "<p>Eski</p>")],
    }

    def statuses(query: dict[str, list[str]]) -> list[dict[str, Any]]:
        since = int(query.get("since_id", ["0"])[0])
        if not since:
            return pages[0]
        if "max_id" not in query:  # a full page of 40 newer statuses: the collector must page back
            return [status(300 - i, f"<p>Duyuru {300 - i}</p>") for i in range(40)]
        max_id = int(query["max_id"][0])
        return [status(i, f"<p>Duyuru {i}</p>") for i in range(max_id - 1, since, -1)][:40]

    calls = json_route(server, "/api/v1/accounts/109/statuses", statuses)
    source = SourceFactory(
        kind=Source.Kind.MASTODON, url=server.url(""), config={"account": "kocaelisaglik"}, allowed_private=True
    )
    first = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert first is not None and first.new_items == 2
    source.refresh_from_db()
    assert source.state == {"account_id": "109", "account": "kocaelisaglik", "since_id": "205"}

    second = polling.poll_source(source_id=source.pk, now=NOW + datetime.timedelta(minutes=5), engines=STUB_ENGINES)
    assert second is not None and second.new_items == 95  # 206…300: the gap closed over three pages
    assert calls[1]["since_id"] == ["205"] and calls[2]["max_id"] == ["261"]
    assert len(lookups) == 1  # the account id is kept
    source.refresh_from_db()
    assert source.state["since_id"] == "300"


def test_mastodon_hashtag_posts_are_sanitised_and_boosts_unwrapped(server: FakeServer) -> None:
    hostile = (
        '<p>Kocaeli Şehir Hastanesi <a href="https://sosyal.example/tags/saglik" class="mention hashtag" '
        'onclick="steal()">#<span>saglik</span></a></p><script>alert(1)</script><img src=x onerror=alert(2)>'
    )
    boosted = status(401, "<p>Aslı paylaşım</p>")
    json_route(server, "/api/v1/timelines/tag/saglik", [
        status(402, hostile, spoiler_text="<b>Duyuru</b>"),
        status(403, "", reblog=boosted),
    ])  # fmt: skip
    source = SourceFactory(
        kind=Source.Kind.MASTODON, url=server.url(""), config={"tag": "saglik"}, allowed_private=True
    )
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.new_items == 2
    post = Item.objects.get(guid__endswith="/402")
    assert post.title == "Duyuru"
    assert "Kocaeli Şehir Hastanesi #saglik" in post.text
    for bad in ("<script", "onclick", "onerror", "<img"):
        assert bad not in post.summary_html
    assert Item.objects.get(guid__endswith="/401").title == "Aslı paylaşım"


def test_unknown_mastodon_account_is_an_error_on_the_source(server: FakeServer) -> None:
    server.routes["/api/v1/accounts/lookup"] = lambda h: respond(h, 404, b'{"error":"Record not found"}')
    source = SourceFactory(
        kind=Source.Kind.MASTODON, url=server.url(""), config={"account": "yok"}, allowed_private=True
    )
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.outcome == "error"
    source.refresh_from_db()
    assert "404" in source.last_error and source.failure_count == 1


def test_mastodon_answer_that_is_not_json_is_an_error(server: FakeServer) -> None:
    server.serve("/api/v1/timelines/tag/saglik", b"<html>bakim</html>", content_type="text/html")
    source = SourceFactory(
        kind=Source.Kind.MASTODON, url=server.url(""), config={"tag": "saglik"}, allowed_private=True
    )
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.outcome == "error" and "not JSON" in result.error


def post(rkey: str, text: str, handle: str = "kocaelisaglik.bsky.social", **extra: Any) -> dict[str, Any]:
    """A PostView as app.bsky.feed.defs documents it."""
    return {
        "uri": f"at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/{rkey}",
        "cid": "bafyreib2rxk3rh6kzwq",
        "author": {"did": "did:plc:abcdefghijklmnopqrstuvwx", "handle": handle, "displayName": "Kocaeli İSM"},
        "record": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2026-11-22T07:00:00.000Z",
            "langs": ["tr"],
        },
        "replyCount": 0,
        "repostCount": 1,
        "likeCount": 4,
        "indexedAt": f"2026-11-22T07:00:0{len(rkey) % 10}.000Z",
        "labels": [],
        **extra,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("@kocaelisaglik.bsky.social", "kocaelisaglik.bsky.social"),
        ("https://bsky.app/profile/Saglik.gov.tr", "saglik.gov.tr"),
        ("did:plc:abcdefghijklmnopqrstuvwx", "did:plc:abcdefghijklmnopqrstuvwx"),
        ("kocaeli saglik", None),
        ("@kocaeli", None),
        ("https://bsky.app/profile/", None),
    ],
)
def test_bluesky_actors(value: str, expected: str | None) -> None:
    assert bluesky.parse_actor(value) == expected


def test_bluesky_author_feed_posts_become_items(server: FakeServer) -> None:
    calls = json_route(server, "/xrpc/app.bsky.feed.getAuthorFeed", {
        "feed": [
            {"post": post("3kabc1", "Kocaeli Şehir Hastanesi'nde yeni MR cihazı <script>alert(1)</script>",
                          embed={"$type": "app.bsky.embed.images#view",
                                 "images": [{"thumb": THUMB, "alt": ""}]})},
            {"post": post("3kabc2", "İkinci paylaşım"), "reason": {"$type": "app.bsky.feed.defs#reasonRepost"}},
            {"post": {"uri": "not-an-at-uri"}},
        ],
        "cursor": "2026-11-22T07:00:00.000Z",
    })  # fmt: skip
    source = SourceFactory(
        kind=Source.Kind.BLUESKY,
        url=server.url(""),
        config={"actor": "kocaelisaglik.bsky.social"},
        allowed_private=True,
    )
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.new_items == 2
    assert calls[0]["actor"] == ["kocaelisaglik.bsky.social"] and calls[0]["filter"] == ["posts_no_replies"]
    item = Item.objects.get(guid__endswith="3kabc1")
    assert item.url == "https://bsky.app/profile/kocaelisaglik.bsky.social/post/3kabc1"
    assert item.image_url == THUMB
    assert "<script" not in item.summary_html and "&lt;script&gt;" in item.summary_html  # shown as text, not run
    assert item.published_at == datetime.datetime(2026, 11, 22, 7, 0, tzinfo=datetime.UTC)


def test_bluesky_search_keeps_its_since_cursor(server: FakeServer) -> None:
    calls = json_route(server, "/xrpc/app.bsky.feed.searchPosts", {"posts": [post("3kxyz", "112 Acil Çağrı Merkezi")]})
    source = SourceFactory(
        kind=Source.Kind.BLUESKY, url=server.url(""), config={"query": "112 Kocaeli"}, allowed_private=True
    )
    polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    polling.poll_source(source_id=source.pk, now=NOW + datetime.timedelta(minutes=5), engines=STUB_ENGINES)
    assert calls[0]["q"] == ["112 Kocaeli"] and "since" not in calls[0]
    assert calls[1]["since"] == ["2026-11-22T07:00:05.000Z"]
    assert Item.objects.count() == 1
