"""Clip by URL: the web request only queues; a task fetches and the user follows its progress."""

from __future__ import annotations

import functools
import gzip

import pytest
from django.urls import reverse

from pressdesk.monitoring import actions, fetching
from pressdesk.monitoring.models import ClipRequest, Item
from pressdesk.monitoring.tests.conftest import LOCAL
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import OutletFactory
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = pytest.mark.django_db

ARTICLE = (
    "<html lang='tr'><head><title>Aşı kampanyası başladı</title></head><body><article>"
    "<h1>Aşı kampanyası başladı</h1><p>Kocaeli'de okullarda aşı kampanyası başladı; "
    "ilk gün 1.200 öğrenci aşılandı ve kampanya iki hafta sürecek.</p></article></body></html>"
)


def local_fetch() -> functools.partial[fetching.FetchResult]:
    return functools.partial(fetching.fetch, allow_private_hosts=LOCAL)


def test_posting_the_form_fetches_nothing_and_queues_a_task(province, login, monkeypatch) -> None:
    monkeypatch.setattr("pressdesk.monitoring.forms.netguard.check_url", lambda url, **kwargs: [])
    fetched: list[str] = []
    monkeypatch.setattr(fetching, "fetch", lambda url, **kwargs: fetched.append(url))
    queued: list[int] = []
    monkeypatch.setattr("pressdesk.monitoring.tasks.fetch_clip.delay", queued.append)
    client = login(province.staff)
    response = client.post(
        reverse("monitoring:clip_add"), {"url": "https://gazete.example/haber/1", "outlet": OutletFactory().pk}
    )
    clip = ClipRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("monitoring:clip_status", args=[clip.pk])
    assert fetched == [] and queued == []  # enqueued only once the transaction commits
    assert clip.status == ClipRequest.Status.QUEUED and clip.requested_by == province.staff


def test_the_status_fragment_polls_until_done_and_then_links_the_story(province, login, server: FakeServer) -> None:
    server.serve("/haber/asi", ARTICLE.encode(), content_type="text/html")
    clip = ClipRequest.objects.create(requested_by=province.staff, outlet=OutletFactory(), url=server.url("/haber/asi"))
    client = login(province.staff)
    url = reverse("monitoring:clip_status", args=[clip.pk])
    waiting = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "Sırada" in waiting
    assert "<html" not in waiting  # a fragment for htmx

    actions.run_clip_request(clip_request_id=clip.pk, fetch=local_fetch(), engines=STUB_ENGINES)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    item = Item.objects.get()
    assert "hx-trigger" not in done
    assert reverse("monitoring:story_detail", args=[item.story_id]) in done
    assert "Kupür eklendi" in done or "eklendi" in done


def test_a_bomb_or_refused_page_is_recorded_on_the_request(province, server: FakeServer) -> None:
    server.serve("/bomba", gzip.compress(gzip.compress(b"<html>" + b" " * 1000)), Content_Encoding="gzip, gzip")
    clip = ClipRequest.objects.create(requested_by=province.staff, outlet=OutletFactory(), url=server.url("/bomba"))
    actions.run_clip_request(clip_request_id=clip.pk, fetch=local_fetch(), engines=STUB_ENGINES)
    clip.refresh_from_db()
    assert clip.status == ClipRequest.Status.FAILED
    assert "only one content encoding" in clip.error
    assert clip.finished_at is not None
    assert not Item.objects.exists()


def test_running_a_finished_request_again_changes_nothing(province, server: FakeServer) -> None:
    server.serve("/haber/asi", ARTICLE.encode(), content_type="text/html")
    clip = ClipRequest.objects.create(requested_by=province.staff, outlet=OutletFactory(), url=server.url("/haber/asi"))
    actions.run_clip_request(clip_request_id=clip.pk, fetch=local_fetch(), engines=STUB_ENGINES)
    actions.run_clip_request(clip_request_id=clip.pk, fetch=local_fetch(), engines=STUB_ENGINES)
    assert len(server.requests) == 1
    assert actions.run_clip_request(clip_request_id=10**9) is None


def test_another_users_request_is_404(province, login) -> None:
    clip = ClipRequest.objects.create(requested_by=province.staff, outlet=OutletFactory(), url="https://a.example/")
    assert login(province.unit_head).get(reverse("monitoring:clip_status", args=[clip.pk])).status_code == 404
