import pytest
from django.urls import reverse

from pressdesk.channels.models import Channel

pytestmark = pytest.mark.django_db


def test_an_internal_address_is_refused_for_the_unit_head(province, login):
    client = login(province.unit_head)
    response = client.post(
        reverse("channels:create") + "?kind=wordpress",
        {"name": "Site", "base_url": "http://10.0.0.5/", "account_id": "basin", "secret_application_password": "x y z",
         "post_status": "publish", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "iç ağa" in str(response.context["form"].errors["base_url"])
    assert not Channel.objects.exists()


def test_a_missing_secret_and_a_bad_address_are_reported(province, login):
    client = login(province.unit_head)
    response = client.post(
        reverse("channels:create") + "?kind=mastodon",
        {"name": "", "base_url": "ftp://mastodon.example", "visibility": "public"},
    )
    errors = response.context["form"].errors
    assert {"name", "base_url", "secret_access_token"} <= set(errors)
    assert not Channel.objects.exists()


def test_an_unknown_kind_asks_for_the_kind_again(province, login):
    response = login(province.unit_head).get(reverse("channels:create") + "?kind=myspace")
    assert response.status_code == 200
    assert "kind_form" in response.context
    assert "form" not in response.context


def test_a_bad_graph_api_version_is_refused(province, login):
    response = login(province.unit_head).post(
        reverse("channels:create") + "?kind=facebook",
        {"name": "FB", "account_id": "1234", "secret_access_token": "EAAB", "api_version": "latest", "is_active": "on"},
    )
    assert "api_version" in response.context["form"].errors
