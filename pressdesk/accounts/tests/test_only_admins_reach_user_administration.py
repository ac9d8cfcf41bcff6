"""Every accounts URL is for system administrators only."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from pressdesk.accounts import actions
from pressdesk.accounts.models import UserImport
from pressdesk.testing.factories import Province

NON_ADMIN_ROLES = ["staff", "unit_head", "chief", "director", "affiliate_press", "requester", "outsider"]


def _urls(province: Province, batch: UserImport) -> list[tuple[str, str]]:
    target = province.staff.pk
    return [
        ("get", reverse("accounts:list")),
        ("get", reverse("accounts:create")),
        ("post", reverse("accounts:create")),
        ("get", reverse("accounts:detail", args=[target])),
        ("get", reverse("accounts:edit", args=[target])),
        ("post", reverse("accounts:edit", args=[target])),
        ("post", reverse("accounts:toggle_active", args=[target])),
        ("post", reverse("accounts:send_password_link", args=[target])),
        ("get", reverse("accounts:import")),
        ("post", reverse("accounts:import")),
        ("get", reverse("accounts:import_template")),
        ("get", reverse("accounts:import_confirm", args=[batch.token])),
        ("post", reverse("accounts:import_confirm", args=[batch.token])),
        ("get", reverse("accounts:import_confirm", args=[uuid.uuid4()])),
    ]


@pytest.fixture
def batch(province: Province) -> UserImport:
    return actions.start_user_import(
        actor=province.admin,
        file_name="users.csv",
        rows=[(2, {"username": "yeni", "first_name": "Yeni", "last_name": "Kişi", "email": "yeni@example.gov.tr"})],
    )


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_non_admin_roles_are_refused_on_every_accounts_url(
    province: Province, batch: UserImport, client: Client, role: str
) -> None:
    client.force_login(province.by_role()[role])
    for method, url in _urls(province, batch):
        response = getattr(client, method)(url)
        assert response.status_code == 403, (role, method, url, response.status_code)
    province.staff.refresh_from_db()
    assert province.staff.is_active
    batch.refresh_from_db()
    assert batch.is_pending


def test_anonymous_visitors_are_sent_to_log_in(province: Province, batch: UserImport, client: Client) -> None:
    for method, url in _urls(province, batch):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("login")), (method, url)


def test_admin_reaches_every_page(province: Province, batch: UserImport, as_admin: Client) -> None:
    for url in (
        reverse("accounts:list"),
        reverse("accounts:create"),
        reverse("accounts:detail", args=[province.staff.pk]),
        reverse("accounts:edit", args=[province.staff.pk]),
        reverse("accounts:import"),
        reverse("accounts:import_template"),
        reverse("accounts:import_confirm", args=[batch.token]),
    ):
        assert as_admin.get(url).status_code == 200, url


def test_superuser_without_admin_role_gets_in(province: Province, client: Client) -> None:
    province.staff.is_superuser = True
    province.staff.save()
    client.force_login(province.staff)
    assert client.get(reverse("accounts:list")).status_code == 200


def test_a_deactivated_admin_is_refused(province: Province, client: Client) -> None:
    province.admin.is_active = False
    province.admin.save()
    client.force_login(province.admin)
    assert client.get(reverse("accounts:list")).status_code in (302, 403)


def test_actions_refuse_non_admin_actors(province: Province) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.start_user_import(actor=province.unit_head, file_name="x.csv", rows=[])
    with pytest.raises(PermissionDenied):
        actions.send_password_setup_email(actor=province.director, user=province.staff)
