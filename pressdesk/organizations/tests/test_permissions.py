"""Only administrators manage the tree and the matrix; everybody reads the catalog."""

import pytest
from django.urls import reverse

from pressdesk.organizations.models import Responsibility

pytestmark = pytest.mark.django_db

NON_ADMIN_ROLES = ["staff", "unit_head", "chief", "director", "affiliate_press", "requester", "outsider"]


def _admin_get_urls(province):
    row = Responsibility.objects.get(process__code="3.6", organization=None)
    return [
        reverse("organizations:list"),
        reverse("organizations:create"),
        reverse("organizations:edit", args=[province.hospital.pk]),
        reverse("organizations:matrix"),
        reverse("organizations:matrix_edit", args=[row.pk]),
        reverse("organizations:matrix_override", args=["3.6"]),
        reverse("organizations:process_edit", args=["3.6"]),
    ]


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_non_admins_are_refused_the_admin_screens(province, login, role):
    client = login(province.by_role()[role])
    for url in _admin_get_urls(province):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_non_admins_cannot_change_anything_by_posting(province, login, role):
    client = login(province.by_role()[role])
    row = Responsibility.objects.get(process__code="3.6", organization=None)

    assert client.post(reverse("organizations:toggle_active", args=[province.hospital.pk]), {}).status_code == 403
    assert (
        client.post(reverse("organizations:create"), {"name": "X", "code": "x", "kind": "hospital"}).status_code == 403
    )
    assert client.post(reverse("organizations:matrix_edit", args=[row.pk]), {"control_1": ""}).status_code == 403

    province.hospital.refresh_from_db()
    row.refresh_from_db()
    assert province.hospital.is_active
    assert row.control_1 == "unit_head"


@pytest.mark.parametrize("role", [*NON_ADMIN_ROLES, "admin"])
def test_every_role_reads_the_process_catalog(province, login, role):
    client = login(province.by_role()[role])
    assert client.get(reverse("organizations:process_list")).status_code == 200
    assert client.get(reverse("organizations:process_detail", args=["3.6"])).status_code == 200
    assert client.get(reverse("organizations:process_detail", args=["1.1"])).status_code == 200


def test_admin_gets_every_admin_screen(province, login):
    client = login(province.admin)
    for url in _admin_get_urls(province):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_the_login_page(client, province):
    for url in [reverse("organizations:process_list"), reverse("organizations:list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
