"""The source form shows only the fields of the chosen kind, builds each kind's address, and refuses bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import Source
from pressdesk.monitoring.sources import credentials
from pressdesk.monitoring.tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

CHANNEL = "UCaBcDeFgHiJkLmNoPqRsTuV"


def _post(client, kind: str, **fields: str):
    data = {"name": "Kaynak", "poll_interval": "15", "outlet": str(OutletFactory().pk), **fields}
    return client.post(reverse("monitoring:source_create") + f"?kind={kind}", {"kind": kind, **data})


def test_each_kind_shows_only_its_fields(province, login):
    client = login(province.staff)
    imap_page = client.get(reverse("monitoring:source_create"), {"kind": "imap"}).content.decode()
    assert 'name="imap_host"' in imap_page and 'name="imap_password"' in imap_page
    assert 'name="url"' not in imap_page and 'name="mastodon_target"' not in imap_page
    feed_page = client.get(reverse("monitoring:source_create")).content.decode()
    assert 'name="url"' in feed_page and 'name="imap_host"' not in feed_page
    unknown = client.get(reverse("monitoring:source_create"), {"kind": "manual"}).content.decode()
    assert 'name="url"' in unknown  # manual entries are clips, not sources: the feed form is shown


@pytest.mark.parametrize(
    ("kind", "fields", "url", "config"),
    [
        (
            "search_feed",
            {"search_engine": "google", "search_query": ' "Kocaeli Şehir Hastanesi" '},
            "https://news.google.com/rss/search?q=%22Kocaeli+%C5%9Eehir+Hastanesi%22&hl=tr&gl=TR&ceid=TR%3Atr",
            {"engine": "google", "query": '"Kocaeli Şehir Hastanesi"'},
        ),
        (
            "youtube",
            {"youtube_channel": f"https://www.youtube.com/channel/{CHANNEL}"},
            f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}",
            {"channel_id": CHANNEL},
        ),
        ("mastodon", {"mastodon_target": "#saglik@mastodon.social"}, "https://mastodon.social", {"tag": "saglik"}),
        (
            "bluesky",
            {"bluesky_account": "https://bsky.app/profile/saglik.gov.tr"},
            "https://public.api.bsky.app",
            {"actor": "saglik.gov.tr"},
        ),
        ("bluesky", {"search_query": "Kocaeli 112"}, "https://public.api.bsky.app", {"query": "Kocaeli 112"}),
        (
            "news_sitemap",
            {"url": "https://93.184.216.34/sitemap-news.xml"},
            "https://93.184.216.34/sitemap-news.xml",
            {},
        ),
        (
            "web_page",
            {"url": "https://93.184.216.34/", "link_contains": "/haber/"},
            "https://93.184.216.34/",
            {"link_contains": "/haber/"},
        ),
    ],
)
def test_each_kind_builds_its_address_and_settings(province, login, kind, fields, url, config, monkeypatch):
    monkeypatch.setattr("pressdesk.monitoring.forms.netguard.check_url", lambda url, **kwargs: [])  # no DNS in tests
    response = _post(login(province.staff), kind, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Source.objects.get()
    assert (source.kind, source.url, source.config) == (kind, url, config)


def test_imap_source_stores_the_password_encrypted_and_never_shows_it(province, login, monkeypatch):
    monkeypatch.setattr("pressdesk.monitoring.forms.netguard.check_host", lambda host, *args, **kwargs: [])
    client = login(province.staff)
    fields = {
        "imap_host": "imap.saglik.example",
        "imap_security": "ssl",
        "imap_username": "basin",
        "imap_password": "P@rola-123",
    }
    assert _post(client, "imap", **fields).status_code == 302
    source = Source.objects.get()
    assert source.config == {
        "host": "imap.saglik.example",
        "security": "ssl",
        "port": 993,
        "username": "basin",
        "folder": "INBOX",
    }
    assert "P@rola-123" not in source.secret and credentials.decrypt(source.secret) == "P@rola-123"

    edit_url = reverse("monitoring:source_edit", args=[source.pk])
    page = client.get(edit_url).content.decode()
    assert "P@rola-123" not in page and source.secret not in page
    data = {
        "kind": "imap",
        "name": "Kupür kutusu",
        "poll_interval": "30",
        "outlet": str(source.outlet_id),
        "imap_host": "imap.saglik.example",
        "imap_security": "starttls",
        "imap_username": "basin",
        "imap_password": "",
    }
    assert client.post(edit_url, data).status_code == 302
    source.refresh_from_db()
    assert credentials.decrypt(source.secret) == "P@rola-123"  # empty keeps the stored password
    assert source.config["port"] == 143 and source.name == "Kupür kutusu"


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("mastodon", {"mastodon_target": "@kocaelisaglik"}, "mastodon_target"),
        ("mastodon", {"mastodon_target": "kocaeli sağlık"}, "mastodon_target"),
        ("youtube", {"youtube_channel": "https://www.youtube.com/@kocaelisaglik"}, "youtube_channel"),
        ("youtube", {"youtube_channel": "UC123"}, "youtube_channel"),
        ("bluesky", {"bluesky_account": "kocaeli sağlık"}, "bluesky_account"),
        ("bluesky", {}, "bluesky_account"),
        ("bluesky", {"bluesky_account": "@saglik.gov.tr", "search_query": "x"}, "search_query"),
        ("search_feed", {"search_engine": "google", "search_query": ""}, "search_query"),
        ("imap", {"imap_host": "imaps://imap.example/INBOX", "imap_username": "a", "imap_password": "b"}, "imap_host"),
        ("imap", {"imap_host": "imap.example", "imap_username": "a", "imap_password": ""}, "imap_password"),
        ("imap", {"imap_host": "10.0.0.5", "imap_username": "a", "imap_password": "b"}, "imap_host"),
        ("news_sitemap", {"url": "http://169.254.169.254/latest"}, "url"),
        ("web_page", {"url": "file:///etc/passwd"}, "url"),
    ],
)
def test_bad_input_is_refused_with_an_error_on_the_field(province, login, kind, fields, field):
    fields.setdefault("imap_security", "ssl") if kind == "imap" else None
    response = _post(login(province.staff), kind, **fields)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in response.content.decode()
    assert not Source.objects.exists()


def test_the_kind_of_an_existing_source_cannot_be_changed_by_a_post(province, login, monkeypatch):
    monkeypatch.setattr("pressdesk.monitoring.forms.netguard.check_url", lambda url, **kwargs: [])
    client = login(province.staff)
    _post(client, "mastodon", mastodon_target="@kocaelisaglik@mastodon.social")
    source = Source.objects.get()
    data = {"kind": "feed", "url": "https://93.184.216.34/rss", "name": "x", "poll_interval": "15",
            "outlet": str(source.outlet_id), "mastodon_target": "@kocaelisaglik@mastodon.social"}  # fmt: skip
    assert client.post(reverse("monitoring:source_edit", args=[source.pk]), data).status_code == 302
    source.refresh_from_db()
    assert source.kind == "mastodon" and source.url == "https://mastodon.social"
