"""Connecting a channel stores the token encrypted; the edit form never shows it and keeps it when left empty."""

import pytest
from django.urls import reverse

from pressdesk.channels.models import Channel

pytestmark = pytest.mark.django_db


def _connect(client, server, **extra):
    data = {
        "name": "Mastodon @saglik",
        "base_url": server.url,
        "secret_access_token": server.token,
        "visibility": "public",
        "is_active": "on",
        "allow_internal_host": "on",
        **extra,
    }
    return client.post(reverse("channels:create") + "?kind=mastodon", data)


def test_an_administrator_connects_a_channel_and_it_is_checked(
    province, login, mastodon, django_capture_on_commit_callbacks
):
    client = login(province.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _connect(client, mastodon, organization=province.directorate.pk)
    channel = Channel.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("channels:edit", args=[channel.pk])
    assert channel.get_credentials() == {"access_token": mastodon.token}
    assert mastodon.token not in channel.credentials_encrypted
    assert channel.health == Channel.Health.OK  # the check ran after commit (eager task)
    assert channel.options == {"visibility": "public"}

    page = client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    assert mastodon.token not in page
    assert "korumak için boş bırakın" in page


def test_an_empty_secret_on_edit_keeps_the_stored_one(province, login, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    client = login(province.admin)
    response = client.post(
        reverse("channels:edit", args=[channel.pk]),
        {"name": "Yeni ad", "base_url": mastodon.url, "secret_access_token": "", "visibility": "unlisted",
         "is_active": "on", "allow_internal_host": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Yeni ad"
    assert channel.options == {"visibility": "unlisted"}
    assert channel.get_credentials() == {"access_token": mastodon.token}


def test_a_new_secret_replaces_the_old_and_resets_health(province, login, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    Channel.objects.filter(pk=channel.pk).update(health=Channel.Health.TOKEN_INVALID, consecutive_failures=4)
    client = login(province.admin)
    client.post(
        reverse("channels:edit", args=[channel.pk]),
        {"name": "M", "base_url": mastodon.url, "secret_access_token": "yeni-anahtar", "visibility": "public",
         "is_active": "on", "allow_internal_host": "on"},
    )  # fmt: skip
    channel.refresh_from_db()
    assert channel.get_credentials() == {"access_token": "yeni-anahtar"}
    assert channel.health == Channel.Health.UNKNOWN
    assert channel.consecutive_failures == 0


def test_the_unit_head_connects_for_the_own_directorate_only(province, login):
    client = login(province.unit_head)
    form_page = client.get(reverse("channels:create") + "?kind=bluesky")
    assert "organization" not in form_page.context["form"].fields
    assert "allow_internal_host" not in form_page.context["form"].fields
    response = client.post(
        reverse("channels:create") + "?kind=bluesky",
        {"name": "Bluesky", "account_id": "saglik.bsky.social", "secret_app_password": "aaaa-bbbb-cccc-dddd",
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.organization == province.directorate
    assert channel.created_by == province.unit_head


def test_a_double_submit_connects_one_channel(province, login):
    client = login(province.unit_head)
    data = {"name": "Bluesky", "account_id": "saglik.bsky.social", "secret_app_password": "aaaa-bbbb-cccc-dddd",
            "is_active": "on"}  # fmt: skip
    client.post(reverse("channels:create") + "?kind=bluesky", data)
    client.post(reverse("channels:create") + "?kind=bluesky", data)
    assert Channel.objects.count() == 1
