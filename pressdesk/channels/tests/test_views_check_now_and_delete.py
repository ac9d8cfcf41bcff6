import pytest
from django.urls import reverse

from pressdesk.channels.models import Channel

pytestmark = pytest.mark.django_db


def test_check_now_records_the_networks_answer(province, login, mastodon, django_capture_on_commit_callbacks):
    channel = mastodon.make_channel(organization=province.directorate)
    client = login(province.unit_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("channels:check", args=[channel.pk]))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.health == Channel.Health.OK
    assert channel.last_checked_at is not None
    assert any(r.path == "/api/v1/accounts/verify_credentials" for r in mastodon.requests)


def test_check_now_shows_a_refused_token_in_turkish(province, login, mastodon, django_capture_on_commit_callbacks):
    channel = mastodon.make_channel(organization=province.directorate)
    mastodon.fail_next(401)
    client = login(province.unit_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("channels:check", args=[channel.pk]))
    page = client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    channel.refresh_from_db()
    assert channel.health == Channel.Health.TOKEN_INVALID
    assert "yeniden bağlayın" in page


def test_delete_asks_first_then_deletes(province, login, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    client = login(province.unit_head)
    confirm = client.get(reverse("channels:delete", args=[channel.pk]))
    assert confirm.status_code == 200
    assert 'data-testid="channel-delete-confirm"' in confirm.content.decode()
    assert Channel.objects.filter(pk=channel.pk).exists()

    response = client.post(reverse("channels:delete", args=[channel.pk]))
    assert response.status_code == 302
    assert not Channel.objects.filter(pk=channel.pk).exists()
    assert client.post(reverse("channels:delete", args=[channel.pk])).status_code == 404  # twice does nothing
