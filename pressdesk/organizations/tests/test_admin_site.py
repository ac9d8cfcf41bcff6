"""The technical admin shows the three models and saves through the actions."""

import pytest
from django.urls import reverse

from pressdesk.organizations.models import Organization, Process
from pressdesk.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, province):
    client.force_login(UserFactory(username="kok", is_superuser=True, is_staff=True))
    return client


def test_changelists_and_change_pages_open(superuser_client, province):
    process = Process.objects.get(code="3.6")
    for url in [
        reverse("admin:organizations_organization_changelist"),
        reverse("admin:organizations_organization_changelist") + "?kind=hospital&q=şehir",
        reverse("admin:organizations_organization_change", args=[province.unit.pk]),
        reverse("admin:organizations_process_changelist"),
        reverse("admin:organizations_process_change", args=[process.pk]),
        reverse("admin:organizations_responsibility_changelist"),
        reverse("admin:organizations_responsibility_add"),
    ]:
        assert superuser_client.get(url).status_code == 200, url


def test_admin_add_sets_the_path(superuser_client, province):
    response = superuser_client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": "Körfez İlçe Sağlık Müdürlüğü",
            "code": "korfez",
            "kind": "district_directorate",
            "parent": province.directorate.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(code="korfez")
    assert org.path == province.directorate.path + f"{org.pk:08d}/"


def test_admin_refuses_a_cycle(superuser_client, province):
    response = superuser_client.post(
        reverse("admin:organizations_organization_change", args=[province.presidency.pk]),
        {
            "name": province.presidency.name,
            "code": "pdhb",
            "kind": "presidency",
            "parent": province.unit.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    province.presidency.refresh_from_db()
    assert province.presidency.parent == province.directorate
