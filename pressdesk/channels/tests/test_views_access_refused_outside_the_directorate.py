import pytest
from django.urls import reverse

from pressdesk.accounts.models import Role
from pressdesk.channels.models import Channel
from pressdesk.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(province):
    channel = Channel(
        organization=province.directorate, kind=Channel.Kind.MASTODON, name="Mastodon", base_url="https://m.example"
    )
    channel.set_credentials({"access_token": "gizli"})
    channel.save()
    return channel


@pytest.mark.parametrize("role", ["staff", "chief", "director", "affiliate", "requester", "outsider"])
def test_other_roles_cannot_open_channel_management(province, login, channel, role):
    client = login(getattr(province, role))
    assert client.get(reverse("channels:list")).status_code == 403
    assert client.get(reverse("channels:edit", args=[channel.pk])).status_code == 403
    assert client.post(reverse("channels:delete", args=[channel.pk])).status_code == 403
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_another_provinces_unit_head_sees_neither_the_channel_nor_it_in_the_list(province, login, channel):
    other_head = UserFactory(username="denizli-sorumlu", role=Role.UNIT_HEAD, organization=province.other_directorate)
    client = login(other_head)
    response = client.get(reverse("channels:list"))
    assert response.status_code == 200
    assert list(response.context["channels"]) == []
    assert client.get(reverse("channels:edit", args=[channel.pk])).status_code == 404
    assert client.post(reverse("channels:check", args=[channel.pk])).status_code == 404
    assert client.post(reverse("channels:delete", args=[channel.pk])).status_code == 404
    assert Channel.objects.filter(pk=channel.pk).exists()
