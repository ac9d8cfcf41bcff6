"""With DEMO on, the demo polls a feed the app serves itself and posts to the app's own webhook receiver.

Without DEMO (production) neither endpoint exists and the demo stays as quiet as before.
"""

import datetime
import json
import time

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import timezone

from pressdesk.accounts.models import User
from pressdesk.channels import registry
from pressdesk.channels.actions import check_channel
from pressdesk.channels.adapters.webhook import sign
from pressdesk.channels.base import PostPayload
from pressdesk.channels.models import Channel
from pressdesk.demo import endpoints as demo
from pressdesk.monitoring import polling as monitoring_polling
from pressdesk.monitoring.models import Item, Source

DEMO_URLS = "pressdesk.tests.demo_urls"


@pytest.fixture
def demo_on(settings, tmp_path, live_server):
    settings.DEMO = True
    settings.ROOT_URLCONF = DEMO_URLS
    settings.SITE_URL = live_server.url
    settings.VAR_DIR = tmp_path
    return live_server


def test_without_the_demo_setting_the_demo_endpoints_do_not_exist(client, settings):
    assert settings.DEMO is False
    for url in ("/demo/feed.xml", "/demo/webhook"):
        with pytest.raises(Resolver404):
            resolve(url)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.urls(DEMO_URLS)
def test_the_demo_views_refuse_to_answer_when_the_setting_is_off_even_if_routed(client, settings):
    settings.DEMO = False
    assert client.get("/demo/feed.xml").status_code == 404
    assert client.post("/demo/webhook", b"{}", content_type="application/json").status_code == 404


@pytest.mark.django_db
@pytest.mark.urls(DEMO_URLS)
def test_the_demo_feed_gets_a_new_item_every_few_minutes(client, settings, time_machine):
    settings.DEMO = True
    time_machine.move_to(datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC), tick=False)
    first = client.get("/demo/feed.xml")
    assert first.status_code == 200 and first["Content-Type"].startswith("application/rss+xml")
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=demo.SLOT_MINUTES), tick=False)
    later = client.get("/demo/feed.xml").content.decode()
    new_ids = {item["unique_id"] for item in demo.feed_items()} - {
        item["unique_id"] for item in demo.feed_items(timezone.now() - datetime.timedelta(minutes=demo.SLOT_MINUTES))
    }
    assert len(new_ids) == 1 and new_ids.pop() in later


@pytest.mark.django_db(transaction=True)
def test_the_demo_polls_its_own_feed_live(demo_on):
    call_command("demo_data", "--quiet")
    live = Source.objects.get(url=demo.feed_url())
    assert live.is_active and live.allowed_private
    # The other demo sources stay paused: only the local feed is polled.
    assert set(Source.objects.filter(is_active=True, kind__in=Source.POLLED_KINDS)) == {live}
    assert monitoring_polling.claim_due_sources() == [live.pk]
    result = monitoring_polling.poll_source(source_id=live.pk)
    assert result is not None
    live.refresh_from_db()
    assert live.last_error == "" and live.last_success_at is not None
    fetched = Item.objects.filter(source=live)
    assert fetched.count() == demo.FEED_LENGTH
    assert fetched.filter(matched=True).exists()  # the watch terms (hospitals, 112) find them


@pytest.mark.django_db(transaction=True)
def test_the_demo_channel_posts_to_the_apps_own_receiver(demo_on, client):
    call_command("demo_data", "--quiet")
    channel = Channel.objects.get(base_url=demo.webhook_url())
    assert channel.is_active and channel.allow_internal_host
    assert check_channel(channel_id=channel.pk).ok
    result = registry.get_adapter(channel).publish(
        PostPayload(text="Aşı haftası başladı.", title="Aşı haftası", idempotency_key="demo-key-1")
    )
    assert result.remote_id == "demo-key-1"
    [post] = demo.received_posts()
    assert post["title"] == "Aşı haftası" and post["event"] == "publish"
    client.force_login(User.objects.get(username="calisan"))
    page = client.get("/demo/webhook")
    assert page.status_code == 200 and "Aşı haftası" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_receiver_refuses_unsigned_or_wrongly_signed_posts(demo_on, client):
    call_command("demo_data", "--quiet")
    body = json.dumps({"event": "publish", "title": "Sahte"}).encode()
    timestamp = str(int(time.time()))
    unsigned = client.post("/demo/webhook", body, content_type="application/json")
    forged = client.post(
        "/demo/webhook",
        body,
        content_type="application/json",
        headers={"X-Pressdesk-Timestamp": timestamp, "X-Pressdesk-Signature": sign("wrong", timestamp, body)},
    )
    assert unsigned.status_code == 403 and forged.status_code == 403
    assert demo.received_posts() == []
    assert client.get("/demo/webhook").status_code == 302  # reading the posts needs a log-in


def test_check_deploy_refuses_the_demo_setting(settings):
    from pressdesk.accounts.checks import demo_is_off

    assert demo_is_off() == []
    settings.DEMO = True
    assert [message.id for message in demo_is_off()] == ["accounts.E001"]


@pytest.mark.django_db
def test_the_demo_command_prints_where_the_live_feed_and_the_posts_are(settings, capsys):
    settings.DEMO = True
    call_command("demo_data")
    out = capsys.readouterr().out
    assert demo.feed_url() in out and demo.webhook_url() in out
