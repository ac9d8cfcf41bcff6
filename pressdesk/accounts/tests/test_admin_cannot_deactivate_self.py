"""An administrator cannot lock themselves out; other users can be (de)activated."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from pressdesk.accounts import actions
from pressdesk.accounts.models import Role
from pressdesk.testing.factories import Province


def _edit_data(user: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "first_name": user.first_name or "Sistem",
        "last_name": user.last_name or "Yöneticisi",
        "email": user.email,
        "organization": user.organization_id,
        "role": user.role,
        "title": user.title,
        "phone": user.phone,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_admin_cannot_deactivate_self_with_the_button(province: Province, as_admin: Client) -> None:
    response = as_admin.post(reverse("accounts:toggle_active", args=[province.admin.pk]), follow=True)
    assert response.status_code == 200
    province.admin.refresh_from_db()
    assert province.admin.is_active
    assert any("cannot deactivate your own account" in str(m) for m in response.context["messages"])


def test_admin_cannot_deactivate_self_on_the_edit_form(province: Province, as_admin: Client) -> None:
    data = _edit_data(province.admin)
    del data["is_active"]
    response = as_admin.post(reverse("accounts:edit", args=[province.admin.pk]), data)
    assert response.status_code == 200
    assert "is_active" in response.context["form"].errors
    province.admin.refresh_from_db()
    assert province.admin.is_active


def test_admin_cannot_take_away_own_admin_role(province: Province, as_admin: Client) -> None:
    response = as_admin.post(
        reverse("accounts:edit", args=[province.admin.pk]), _edit_data(province.admin, role=Role.STAFF)
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    province.admin.refresh_from_db()
    assert province.admin.role == Role.ADMIN


def test_the_action_refuses_self_deactivation_too(province: Province) -> None:
    with pytest.raises(PermissionDenied):
        actions.set_user_active(actor=province.admin, user=province.admin, active=False)


def test_no_deactivate_button_on_own_page(province: Province, as_admin: Client) -> None:
    html = as_admin.get(reverse("accounts:detail", args=[province.admin.pk])).content.decode()
    assert reverse("accounts:toggle_active", args=[province.admin.pk]) not in html


def test_admin_deactivates_and_reactivates_another_user(province: Province, as_admin: Client) -> None:
    url = reverse("accounts:toggle_active", args=[province.staff.pk])
    detail = as_admin.get(reverse("accounts:detail", args=[province.staff.pk])).content.decode()
    assert f'action="{url}"' in detail
    assert "data-confirm=" in detail

    response = as_admin.post(url)
    assert response.status_code == 302
    province.staff.refresh_from_db()
    assert not province.staff.is_active

    response = as_admin.post(url, {"next": "/users/?q=ay"})
    assert response["Location"] == "/users/?q=ay"
    province.staff.refresh_from_db()
    assert province.staff.is_active


def test_toggle_does_not_follow_a_foreign_next_address(province: Province, as_admin: Client) -> None:
    response = as_admin.post(
        reverse("accounts:toggle_active", args=[province.staff.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("accounts:detail", args=[province.staff.pk])


def test_toggle_only_accepts_post(province: Province, as_admin: Client) -> None:
    response = as_admin.get(reverse("accounts:toggle_active", args=[province.staff.pk]))
    assert response.status_code == 405
    province.staff.refresh_from_db()
    assert province.staff.is_active
