"""X search and timelines, Facebook Page and Instagram comments and mentions, through their documented APIs.

Fake servers on 127.0.0.1 answer as the platforms document: X API v2 (posts with
``includes.users``, ``meta.newest_id``/``next_token``, ``x-rate-limit-*`` headers,
problem documents for 401/403/429) and the Graph API (``data`` lists, nested
``comments``, ``{"error": {"code": 190 …}}``).
"""

from __future__ import annotations

import datetime
import json
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import FetchLog, Item, Source, WatchTerm
from pressdesk.monitoring.sources import credentials, x
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer, respond

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)
TOKEN = "AAAAAAAAAAAAAAAAAAAAAgizli-bearer-token"


@pytest.fixture
def server() -> Any:
    fake = FakeServer()
    yield fake
    fake.close()


def route(server: FakeServer, path: str, answer: Any, *, status: int = 200, headers: dict[str, str] | None = None):
    calls: list[dict[str, Any]] = []

    def handler(h: BaseHTTPRequestHandler) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
        calls.append({"query": query, "authorization": h.headers.get("Authorization", "")})
        body = answer(query) if callable(answer) else answer
        respond(
            h,
            status,
            json.dumps(body).encode(),
            Content_Type="application/json; charset=utf-8",
            **{k.replace("-", "_"): v for k, v in (headers or {}).items()},
        )

    server.routes[path] = handler
    return calls


def post(post_id: int, text: str, author: str = "u1") -> dict[str, Any]:
    return {"id": str(post_id), "text": text, "author_id": author, "created_at": "2026-12-06T07:30:00.000Z"}


def x_source(server: FakeServer, **config: Any) -> Source:
    return SourceFactory(
        kind=Source.Kind.X_SEARCH if config.get("mode", "search") == "search" else Source.Kind.X_ACCOUNT,
        url=server.url(""),
        config={"mode": "search", **config},
        secret=credentials.encrypt(TOKEN),
        allowed_private=True,
    )


# --------------------------------------------------------------------------- watch terms in X's syntax


@pytest.mark.parametrize(
    ("term", "query"),
    [
        ("Kocaeli Şehir Hastanesi", "Kocaeli Şehir Hastanesi"),
        ('"Kocaeli Şehir Hastanesi"', '"Kocaeli Şehir Hastanesi"'),
        ("hastane AND (acil OR 112) NOT spor", "hastane (acil OR 112)"),
        ("hastane -spor", "hastane"),
        ('"il sağlık" NEAR/5 müdür', '"il sağlık" müdür'),
        ('title:"şehir hastanesi"', '"şehir hastanesi"'),
        ("site:kocaelibaris.com hastane", "url:kocaelibaris.com hastane"),
        ("hastane*", "hastane"),
        ("hastane -(spor OR maç) acil", "hastane acil"),
        ("NOT spor", ""),
    ],
)
def test_a_watch_term_becomes_an_x_query_that_finds_at_least_what_it_matches(term: str, query: str) -> None:
    assert x.translate_term(term) == query


def test_five_hundred_terms_are_packed_into_few_queries_within_the_length_limit() -> None:
    terms = [f'"Hastane {n} Başhekimliği"' if n % 3 == 0 else f"ilçe{n} sağlık" for n in range(500)]
    queries = x.compile_queries(terms, limit=512)
    assert all(len(query) <= 512 for query in queries)
    assert all(query.endswith(" -is:retweet") for query in queries)
    assert 20 < len(queries) < 60  # against 500 one query per term
    text = " ".join(queries)
    for term in terms:
        assert x._grouped(x.translate_term(term)) in text
    # AND binds before OR on X: the alternatives are grouped so the suffix applies to all.
    assert queries[0].startswith("(")


def test_a_term_longer_than_a_query_is_named_not_silently_dropped() -> None:
    long_term = " ".join(f"kelime{n}" for n in range(80))
    assert x.compile_queries([long_term, "hastane"], limit=512) == ["hastane -is:retweet"]
    assert x.too_long_terms([long_term, "hastane"], limit=512) == [long_term]


# --------------------------------------------------------------------------- X


def test_x_search_reads_the_provinces_terms_with_the_bearer_token_and_continues_from_since_id(
    server: FakeServer, province: Any
) -> None:
    WatchTerm.objects.create(name="Şehir", query='"Şehir Hastanesi"', province=province.directorate)
    WatchTerm.objects.create(name="Acil", query="acil servis", province=province.directorate)
    WatchTerm.objects.create(name="Pasif", query="pasif", province=province.directorate, is_active=False)
    reset = int(NOW.timestamp()) + 900
    answers = iter(
        [
            {
                "data": [post(1002, "Şehir Hastanesi acil servisinde bekleme uzun"), post(1001, "Acil servis güzel")],
                "includes": {"users": [{"id": "u1", "username": "vatandas41", "name": "Vatandaş"}]},
                "meta": {"newest_id": "1002", "oldest_id": "1001", "result_count": 2},
            },
            {
                "data": [post(1003, "Şehir Hastanesi'nde yeni MR cihazı")],
                "includes": {"users": [{"id": "u1", "username": "vatandas41", "name": "Vatandaş"}]},
                "meta": {"newest_id": "1003", "result_count": 1},
            },
        ]
    )
    calls = route(
        server,
        "/2/tweets/search/recent",
        lambda _q: next(answers),
        headers={"x-rate-limit-limit": "60", "x-rate-limit-remaining": "59", "x-rate-limit-reset": str(reset)},
    )
    source = x_source(server)
    source.organization = province.unit
    source.save()

    first = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert first.error == ""
    assert calls[0]["authorization"] == f"Bearer {TOKEN}"
    assert calls[0]["query"]["query"] == '("Şehir Hastanesi" OR (acil servis)) -is:retweet'
    assert "since_id" not in calls[0]["query"]
    items = list(Item.objects.filter(source=source).order_by("guid"))
    assert [item.url for item in items] == [
        "https://x.com/vatandas41/status/1001",
        "https://x.com/vatandas41/status/1002",
    ]
    assert items[1].title.startswith("@vatandas41: Şehir Hastanesi")

    second = polling.poll_source(source_id=source.pk, now=NOW + datetime.timedelta(minutes=5), engines=STUB_ENGINES)
    assert second.error == ""
    assert calls[1]["query"]["since_id"] == "1002"
    assert Item.objects.filter(source=source).count() == 3
    source.refresh_from_db()
    quota = x.quota(source, NOW)
    assert (quota["read"], quota["requests_left"], quota["requests_limit"]) == (3, 59, 60)
    # The token is in no log, error or state.
    logged = json.dumps(source.state) + source.last_error + "".join(FetchLog.objects.values_list("error", flat=True))
    assert TOKEN not in logged


def test_x_account_timeline_is_looked_up_once(server: FakeServer) -> None:
    lookups = route(server, "/2/users/by/username/kocaeliism", {"data": {"id": "42", "username": "kocaeliism"}})
    timeline = route(
        server,
        "/2/users/42/tweets",
        {
            "data": [post(7, "Aşı haftası başladı", author="42")],
            "includes": {"users": [{"id": "42", "username": "kocaeliism", "name": "Kocaeli İSM"}]},
            "meta": {"result_count": 1, "newest_id": "7"},
        },
    )
    source = x_source(server, mode="account", username="kocaeliism")
    polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    polling.poll_source(source_id=source.pk, now=NOW + datetime.timedelta(minutes=5), engines=STUB_ENGINES)
    assert len(lookups) == 1
    assert timeline[1]["query"]["since_id"] == "7"
    assert timeline[0]["query"]["exclude"] == "retweets"
    assert Item.objects.get(source=source).url == "https://x.com/kocaeliism/status/7"


def test_a_revoked_x_token_is_a_clear_message_on_the_source(server: FakeServer) -> None:
    route(
        server,
        "/2/tweets/search/recent",
        {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
        status=401,
    )
    source = x_source(server, query="hastane")
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    source.refresh_from_db()
    assert "token" in source.last_error.lower()
    assert "erişim anahtar" in source.last_error.lower() or "access token" in source.last_error.lower()
    assert result.error
    assert TOKEN not in source.last_error


def test_x_rate_limit_waits_for_the_windows_reset(server: FakeServer) -> None:
    reset = int(datetime.datetime.now(datetime.UTC).timestamp()) + 600
    route(
        server,
        "/2/tweets/search/recent",
        {"title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests"},
        status=429,
        headers={"x-rate-limit-limit": "60", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)},
    )
    source = x_source(server, query="hastane")
    polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    source.refresh_from_db()
    assert source.next_check_at >= NOW + datetime.timedelta(seconds=500)
    assert source.last_status == 429


def test_x_monthly_cap_stops_reading_until_the_month_turns(server: FakeServer) -> None:
    calls = route(server, "/2/tweets/search/recent", {"meta": {"result_count": 0}})
    source = x_source(server, query="hastane", monthly_cap=100)
    source.state = {"usage": {"month": "2026-12", "read": 100}}
    source.save()
    polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    source.refresh_from_db()
    assert calls == []
    assert "100" in source.last_error
    polling.poll_source(
        source_id=source.pk, now=datetime.datetime(2027, 1, 1, 9, tzinfo=datetime.UTC), engines=STUB_ENGINES
    )
    assert len(calls) == 1


# --------------------------------------------------------------------------- Facebook and Instagram


def test_facebook_page_comments_visitor_posts_and_mentions_become_items(server: FakeServer) -> None:
    page = "1122334455"
    feed = {
        "data": [
            {
                "id": f"{page}_1",
                "message": "Hastanemizde yeni poliklinik açıldı.",
                "created_time": "2026-12-05T08:00:00+0000",
                "permalink_url": "https://www.facebook.com/kocaeliism/posts/1",
                "from": {"id": page, "name": "Kocaeli İSM"},
                "comments": {
                    "data": [
                        {
                            "id": "1_901",
                            "message": "Randevu alamıyoruz, telefonlara kimse bakmıyor!",
                            "created_time": "2026-12-06T07:10:00+0000",
                            "permalink_url": "https://www.facebook.com/kocaeliism/posts/1?comment_id=901",
                            "from": {"id": "777", "name": "Ayşe Yılmaz"},
                        },
                        {
                            "id": "1_902",
                            "message": "Sayın vatandaşımız, 0262 ... numarasından ulaşabilirsiniz.",
                            "created_time": "2026-12-06T07:20:00+0000",
                            "permalink_url": "https://www.facebook.com/kocaeliism/posts/1?comment_id=902",
                            "from": {"id": page, "name": "Kocaeli İSM"},
                        },
                    ]
                },
            },
            {
                "id": f"{page}_2",
                "message": "Acil serviste çok bekledik.",
                "created_time": "2026-12-06T06:00:00+0000",
                "permalink_url": "https://www.facebook.com/kocaeliism/posts/2",
                "from": {"id": "888", "name": "Mehmet Kaya"},
            },
        ]
    }
    feed_calls = route(server, f"/{page}/feed", feed)
    route(
        server,
        f"/{page}/tagged",
        {
            "data": [
                {
                    "id": "999_5",
                    "message": "@Kocaeli İSM teşekkürler, aşı için hızlı randevu verildi.",
                    "created_time": "2026-12-06T05:00:00+0000",
                    "permalink_url": "https://www.facebook.com/999/posts/5",
                    "from": {"id": "999", "name": "Derya Demir"},
                }
            ]
        },
    )
    source = SourceFactory(
        kind=Source.Kind.FACEBOOK_PAGE,
        url=server.url(""),
        config={"page_id": page},
        secret=credentials.encrypt("EAAB-page-token"),
        allowed_private=True,
    )
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result.error == ""
    assert feed_calls[0]["authorization"] == "Bearer EAAB-page-token"
    assert "access_token" not in feed_calls[0]["query"]
    titles = sorted(Item.objects.filter(source=source).values_list("title", flat=True))
    assert len(titles) == 3  # the page's own post and its own reply are ours
    assert any(title.startswith("Facebook yorumu — Ayşe Yılmaz: Randevu alamıyoruz") for title in titles)
    assert any(title.startswith("Ziyaretçi gönderisi — Mehmet Kaya") for title in titles)
    assert any(title.startswith("Facebook'ta anılma — Derya Demir") for title in titles)
    comment = Item.objects.get(source=source, title__startswith="Facebook yorumu")
    assert "Gönderi: Hastanemizde yeni poliklinik açıldı." in comment.text

    # The next poll sees the same comments: nothing is added twice.
    polling.poll_source(source_id=source.pk, now=NOW + datetime.timedelta(minutes=5), engines=STUB_ENGINES)
    assert Item.objects.filter(source=source).count() == 3


def test_an_expired_page_token_tells_staff_to_connect_again(server: FakeServer) -> None:
    route(
        server,
        "/1122334455/feed",
        {
            "error": {
                "message": "Error validating access token: Session has expired",
                "type": "OAuthException",
                "code": 190,
                "error_subcode": 463,
                "fbtrace_id": "A1",
            }
        },
        status=400,
    )
    source = SourceFactory(
        kind=Source.Kind.FACEBOOK_PAGE,
        url=server.url(""),
        config={"page_id": "1122334455"},
        secret=credentials.encrypt("EAAB-old"),
        allowed_private=True,
    )
    polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    source.refresh_from_db()
    assert source.last_error
    assert "EAAB-old" not in source.last_error
    assert source.failure_count >= 1


def test_instagram_comments_replies_and_tags_become_items(server: FakeServer) -> None:
    account = "17841400000000001"
    route(
        server,
        f"/{account}/media",
        {
            "data": [
                {
                    "id": "180001",
                    "caption": "Dünya Diyabet Günü etkinliğimiz",
                    "permalink": "https://www.instagram.com/p/ABC123/",
                    "timestamp": "2026-12-05T10:00:00+0000",
                    "username": "kocaeliism",
                    "comments": {
                        "data": [
                            {
                                "id": "c1",
                                "text": "Çok faydalı bir etkinlikti",
                                "timestamp": "2026-12-06T06:00:00+0000",
                                "username": "zeynep_k",
                                "replies": {
                                    "data": [
                                        {
                                            "id": "c2",
                                            "text": "Teşekkür ederiz",
                                            "timestamp": "2026-12-06T06:30:00+0000",
                                            "username": "kocaeliism",
                                        },
                                        {
                                            "id": "c3",
                                            "text": "Ben de katıldım, süperdi",
                                            "timestamp": "2026-12-06T06:40:00+0000",
                                            "username": "ali.v",
                                        },
                                    ]
                                },
                            }
                        ]
                    },
                }
            ]
        },
    )
    route(
        server,
        f"/{account}/tags",
        {
            "data": [
                {
                    "id": "180777",
                    "caption": "Hastanede saatlerce bekledik @kocaeliism",
                    "permalink": "https://www.instagram.com/p/XYZ789/",
                    "timestamp": "2026-12-06T08:00:00+0000",
                    "username": "hasta_yakini",
                }
            ]
        },
    )
    source = SourceFactory(
        kind=Source.Kind.INSTAGRAM,
        url=server.url(""),
        config={"ig_user_id": account},
        secret=credentials.encrypt("IGQ-token"),
        allowed_private=True,
    )
    polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    urls = sorted(Item.objects.filter(source=source).values_list("url", flat=True))
    assert urls == [
        "https://instagram.com/p/ABC123/c/c1/",
        "https://instagram.com/p/ABC123/c/c3/",
        "https://instagram.com/p/XYZ789/",
    ]


# --------------------------------------------------------------------------- the form


def test_platform_sources_are_created_with_their_token_encrypted(province: Any, login: Any) -> None:
    from django.urls import reverse

    from pressdesk.monitoring.tests.factories import OutletFactory

    client = login(province.staff)
    outlet = str(OutletFactory().pk)
    url = reverse("monitoring:source_create")
    answer = client.post(
        url + "?kind=x_account",
        {
            "kind": "x_account",
            "name": "İSM X",
            "poll_interval": "15",
            "outlet": outlet,
            "x_username": "https://x.com/kocaeliism",
            "x_monthly_cap": "10000",
            "access_token": TOKEN,
        },
    )
    assert answer.status_code == 302
    source = Source.objects.get(name="İSM X")
    assert (source.url, source.config) == (
        x.API,
        {"mode": "account", "username": "kocaeliism", "monthly_cap": 10000},
    )
    assert credentials.decrypt(source.secret) == TOKEN and TOKEN not in json.dumps(source.config)

    missing = client.post(
        url + "?kind=facebook_page",
        {"kind": "facebook_page", "name": "FB", "poll_interval": "15", "outlet": outlet, "meta_page_id": "sayfa"},
    )
    page = missing.content.decode()
    assert missing.status_code == 200
    assert 'name="meta_page_id"' in page and "is-invalid" in page
    assert not Source.objects.filter(name="FB").exists()
