"""The channel list costs the same number of queries for 3 channels as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.channels.models import Channel

pytestmark = pytest.mark.django_db


def _channels(province, count, start=0):
    rows = []
    for n in range(start, start + count):
        channel = Channel(
            organization=province.directorate,
            kind=Channel.Kind.MASTODON,
            name=f"Kanal {n}",
            base_url="https://m.example",
        )
        channel.set_credentials({"access_token": f"token-{n}"})
        rows.append(channel)
    Channel.objects.bulk_create(rows)


def _get(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("channels:list"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_query_count_does_not_grow_with_channels(province, login, django_assert_max_num_queries):
    client = login(province.unit_head)
    _channels(province, 3)
    few, response = _get(client)
    assert len(response.context["channels"]) == 3
    _channels(province, 17, start=3)
    many, response = _get(client)
    assert len(response.context["channels"]) == 20
    assert many == few
    # Session, user, organizations, count and page, then the navigation's
    # İşlerim count (one query per inbox provider) and the notification count.
    with django_assert_max_num_queries(17):  # the page, plus the navigation's İşlerim count: one query per provider
        client.get(reverse("channels:list"))


def test_the_list_shows_health_and_filters_by_it(province, login):
    _channels(province, 2)
    Channel.objects.filter(name="Kanal 1").update(health=Channel.Health.TOKEN_INVALID, last_error="Anahtar reddedildi")
    client = login(province.unit_head)
    _count, response = _get(client, health="token_invalid")
    assert [channel.name for channel in response.context["channels"]] == ["Kanal 1"]
    assert 'data-testid="channel-health"' in response.content.decode()


def test_secrets_never_appear_on_the_list(province, login):
    _channels(province, 2)
    _count, response = _get(login(province.unit_head))
    assert "token-0" not in response.content.decode()
