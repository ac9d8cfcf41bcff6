"""Bad input on the user form: errors next to the fields, typed values kept, nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pressdesk.accounts.models import Role, User
from pressdesk.testing.factories import Province


def _form(province: Province, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "aysel",
        "first_name": "Aysel",
        "last_name": "Kılıç",
        "email": "aysel@example.gov.tr",
        "organization": province.unit.pk,
        "role": Role.STAFF,
        "title": "",
        "phone": "",
        "is_active": "on",
        "send_password_email": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "CALISAN@example.gov.tr"}, "email"),  # taken by the staff member, in other case
        ({"username": "calisan"}, "username"),
        ({"username": "CALISAN"}, "username"),
        ({"username": "ayşe yılmaz"}, "username"),  # spaces are not allowed
        ({"phone": "0262 123 45 67"}, "phone"),
        ({"phone": "telefon yok"}, "phone"),
        ({"first_name": ""}, "first_name"),
        ({"organization": ""}, "organization"),
        ({"role": "boss"}, "role"),
    ],
)
def test_bad_input_shows_an_error_next_to_the_field_and_saves_nothing(
    province: Province,
    as_admin: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    overrides: dict[str, Any],
    field: str,
) -> None:
    count = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(reverse("accounts:create"), _form(province, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert User.objects.count() == count
    assert mailoutbox == []
    html = response.content.decode()
    assert "is-invalid" in html
    assert f'id="id_{field}_error"' in html or field in ("organization", "role")
    # What was typed stays in the form.
    assert 'value="Kılıç"' in html


def test_bad_phone_message_tells_the_expected_format(province: Province, as_admin: Client) -> None:
    response = as_admin.post(reverse("accounts:create"), _form(province, phone="0262 123 45 67"))
    assert "0532 123 45 67" in response.context["form"].errors["phone"][0]
    assert 'value="0262 123 45 67"' in response.content.decode()


def test_editing_keeps_a_users_own_email_and_username(province: Province, as_admin: Client) -> None:
    user = province.staff
    response = as_admin.post(
        reverse("accounts:edit", args=[user.pk]),
        _form(province, username=user.username, email=user.email.upper(), title="Uzman"),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.title == "Uzman"


def test_editing_to_another_users_email_is_refused(province: Province, as_admin: Client) -> None:
    user = province.staff
    response = as_admin.post(
        reverse("accounts:edit", args=[user.pk]),
        _form(province, username=user.username, email=province.staff2.email),
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    user.refresh_from_db()
    assert user.email != province.staff2.email
