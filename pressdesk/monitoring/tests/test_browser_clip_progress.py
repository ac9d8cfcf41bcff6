"""A staff member pastes an article address; the page follows the background fetch until the story link appears."""

import functools

import pytest
from playwright.sync_api import expect

from pressdesk.monitoring import actions, fetching
from pressdesk.monitoring.models import ClipRequest, Outlet
from pressdesk.monitoring.tests.conftest import LOCAL
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "<html lang='tr'><head><title>Aşı kampanyası başladı</title></head><body><article>"
    "<h1>Aşı kampanyası başladı</h1><p>Kocaeli'de okullarda aşı kampanyası başladı; "
    "ilk gün 1.200 öğrenci aşılandı ve kampanya iki hafta sürecek.</p></article></body></html>"
)


@pytest.fixture
def site():
    server = FakeServer()
    server.serve("/haber/asi-kampanyasi", ARTICLE.encode(), content_type="text/html; charset=utf-8")
    yield server
    server.close()


def test_staff_pastes_an_address_and_sees_the_clip_arrive(
    province, page, browser_login, live_server, site, monkeypatch
):
    monkeypatch.setattr("pressdesk.monitoring.forms.netguard.check_url", lambda url, **kwargs: [])
    queued: list[int] = []
    # The worker is this test: the request's task is recorded, not sent.
    monkeypatch.setattr("pressdesk.monitoring.actions.enqueue", lambda task, clip_id: queued.append(clip_id))
    Outlet.objects.create(name="Kocaeli Haber", kind=Outlet.Kind.NEWS_SITE)

    browser_login(province.staff)
    page.goto("/monitoring/clips/new/")
    form = page.get_by_test_id("clip-form")
    form.locator("#id_url").fill(site.url("/haber/asi-kampanyasi"))
    form.locator("#id_outlet").select_option(label="Kocaeli Haber")
    form.locator("button[type=submit]").click()

    status = page.get_by_test_id("clip-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(status).to_contain_text("Sırada")
    clip = ClipRequest.objects.get()
    assert queued == [clip.pk]

    actions.run_clip_request(
        clip_request_id=clip.pk,
        fetch=functools.partial(fetching.fetch, allow_private_hosts=LOCAL),
        engines=STUB_ENGINES,
    )
    expect(status).to_have_attribute("data-status", "done", timeout=10_000)
    page.get_by_test_id("clip-story-link").click()
    expect(page.locator("h1")).to_have_text("Aşı kampanyası başladı")
