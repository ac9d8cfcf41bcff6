"""Staff paste an article address: the article is fetched safely and stored with its title, text, date and image."""

from __future__ import annotations

import datetime
import functools

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pressdesk.accounts.models import Role
from pressdesk.monitoring import actions, fetching
from pressdesk.monitoring.models import ClipRequest, Item, Source, WatchTerm
from pressdesk.monitoring.parsing import FeedParseError
from pressdesk.monitoring.tests.conftest import LOCAL
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import OutletFactory
from pressdesk.monitoring.tests.servers import FakeServer
from pressdesk.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ARTICLE = """<!DOCTYPE html><html lang="tr"><head><meta charset="windows-1254">
<title>112 ekiplerinden kış tatbikatı - Kocaeli Haber</title>
<meta property="og:title" content="112 ekiplerinden kış tatbikatı">
<meta property="og:image" content="https://kocaelihaber.example/resim/tatbikat.jpg">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-11-20T09:45:00+03:00"}</script>
</head><body><header><a href="/">Kocaeli Haber</a></header><main><article>
<h1 onmouseover="alert(1)">112 ekiplerinden kış tatbikatı</h1>
<p>Kocaeli İl Sağlık Müdürlüğü 112 Acil Sağlık Hizmetleri ekipleri, karlı yolda kaza senaryosuyla tatbikat yaptı.</p>
<p>Tatbikata 14 ambulans ve 60 personel katıldı.</p></article></main><footer>© 2026</footer></body></html>"""


def local_fetch() -> functools.partial[fetching.FetchResult]:
    return functools.partial(fetching.fetch, allow_private_hosts=LOCAL)


def test_article_is_fetched_extracted_and_matched(server: FakeServer) -> None:
    server.serve("/haber/112-kis-tatbikati-4411", ARTICLE.encode("cp1254"), content_type="text/html")
    WatchTerm.objects.create(name="112", query="112")
    staff = UserFactory(role=Role.STAFF)
    item = actions.add_clip_from_url(
        actor=staff, outlet=OutletFactory(), url=server.url("/haber/112-kis-tatbikati-4411?utm_source=wa"),
        fetch=local_fetch(), engines=STUB_ENGINES,
    )  # fmt: skip
    assert item.title == "112 ekiplerinden kış tatbikatı"
    assert "14 ambulans ve 60 personel" in item.text and "alert" not in item.text
    assert item.image_url == "https://kocaelihaber.example/resim/tatbikat.jpg"
    assert item.published_at == datetime.datetime(2026, 11, 20, 6, 45, tzinfo=datetime.UTC)
    assert item.matched and item.source.kind == Source.Kind.MANUAL and item.created_by == staff
    assert "utm_source" not in item.url
    again = actions.add_clip_from_url(
        actor=staff, outlet=item.outlet, url=server.url("/haber/112-kis-tatbikati-4411"), fetch=local_fetch(),
        engines=STUB_ENGINES,
    )  # fmt: skip
    assert again.pk == item.pk and Item.objects.count() == 1


def test_a_page_that_is_not_an_article_or_not_there_stores_nothing(server: FakeServer) -> None:
    server.serve("/resim.jpg", b"\xff\xd8\xff\xe0 not html", content_type="image/jpeg")
    staff = UserFactory(role=Role.STAFF)
    with pytest.raises(FeedParseError):
        actions.add_clip_from_url(
            actor=staff, outlet=OutletFactory(), url=server.url("/resim.jpg"), fetch=local_fetch()
        )
    with pytest.raises(fetching.FetchError):
        actions.add_clip_from_url(actor=staff, outlet=OutletFactory(), url=server.url("/yok"), fetch=local_fetch())
    with pytest.raises(fetching.BlockedError):  # the default fetcher refuses internal addresses
        actions.add_clip_from_url(actor=staff, outlet=OutletFactory(), url=server.url("/haber/x"))
    assert not Item.objects.exists()


@pytest.mark.parametrize("role", [Role.AFFILIATE_PRESS, Role.REQUESTER])
def test_outsiders_cannot_clip(role: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.add_clip_from_url(actor=UserFactory(role=role), outlet=OutletFactory(), url="https://x.example/a")


def test_the_clip_screen_adds_the_article_and_shows_its_story(
    province, login, server: FakeServer, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    server.serve("/haber/112-kis-tatbikati-4411", ARTICLE.encode("cp1254"), content_type="text/html")
    monkeypatch.setattr("pressdesk.monitoring.forms.netguard.check_url", lambda url, **kwargs: [])
    monkeypatch.setattr(fetching, "fetch", local_fetch())
    client = login(province.staff)
    outlet = OutletFactory(name="Kocaeli Haber")
    assert client.get(reverse("monitoring:clip_add")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:clip_add"), {"url": server.url("/haber/112-kis-tatbikati-4411"), "outlet": outlet.pk}
        )
    item = Item.objects.get()
    clip = ClipRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("monitoring:clip_status", args=[clip.pk])
    status = client.get(response.url).content.decode()
    assert reverse("monitoring:story_detail", args=[item.story_id]) in status
    story = client.get(reverse("monitoring:story_detail", args=[item.story_id])).content.decode()
    assert "112 ekiplerinden kış tatbikatı" in story


def test_the_clip_screen_explains_a_page_it_cannot_read(
    province, login, server: FakeServer, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr("pressdesk.monitoring.forms.netguard.check_url", lambda url, **kwargs: [])
    monkeypatch.setattr(fetching, "fetch", local_fetch())
    client = login(province.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:clip_add"), {"url": server.url("/yok"), "outlet": OutletFactory().pk}
        )
    page = client.get(response.url).content.decode()
    assert ClipRequest.objects.get().status == ClipRequest.Status.FAILED
    assert "alınamadı" in page and "HTTP 404" in page
    assert not Item.objects.exists()


def test_the_clip_screen_refuses_internal_addresses(province, login) -> None:
    response = login(province.staff).post(
        reverse("monitoring:clip_add"), {"url": "http://192.168.1.10/haber", "outlet": OutletFactory().pk}
    )
    assert response.status_code == 200 and "url" in response.context["form"].errors
