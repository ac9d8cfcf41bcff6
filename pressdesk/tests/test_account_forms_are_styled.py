"""The log-in, password-change and password-reset fields look like every other form (issue 23, defect 9)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _inputs(response) -> dict[str, str]:
    page = response.content.decode()
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="hidden"' not in tag:
            css = re.search(r'class="([^"]*)"', tag)
            fields[name.group(1)] = css.group(1) if css else ""
    return fields


def test_login_fields_are_bootstrap_controls(client):
    fields = _inputs(client.get(reverse("login")))
    assert set(fields) >= {"username", "password"}
    assert all("form-control" in css for css in fields.values()), fields


def test_password_change_fields_are_bootstrap_controls(client, province, login):
    login(province.staff)
    fields = _inputs(client.get(reverse("password_change")))
    assert set(fields) == {"old_password", "new_password1", "new_password2"}
    assert all("form-control" in css for css in fields.values()), fields


def test_password_reset_fields_are_bootstrap_controls(client, province, mailoutbox):
    fields = _inputs(client.get(reverse("password_reset")))
    assert "form-control" in fields["email"]
    client.post(reverse("password_reset"), {"email": "calisan@example.gov.tr"})
    path = re.search(r"/accounts/reset/[^\s]+/", mailoutbox[0].body).group(0)
    response = client.get(path, follow=True)
    fields = _inputs(response)
    assert set(fields) == {"new_password1", "new_password2"}
    assert all("form-control" in css for css in fields.values()), fields
