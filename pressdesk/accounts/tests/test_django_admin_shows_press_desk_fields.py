"""The technical admin (Django admin) shows and edits the Press Desk user fields."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from pressdesk.testing.factories import Province


def test_user_changelist_and_change_page_show_organization_and_role(province: Province, client: Client) -> None:
    province.admin.is_superuser = True
    province.admin.save()
    client.force_login(province.admin)
    changelist = client.get(reverse("admin:accounts_user_changelist"))
    assert changelist.status_code == 200
    assert province.unit.name in changelist.content.decode()
    change = client.get(reverse("admin:accounts_user_change", args=[province.staff.pk]))
    html = change.content.decode()
    for field in ("organization", "role", "title", "phone"):
        assert f'name="{field}"' in html
    add = client.get(reverse("admin:accounts_user_add"))
    assert 'name="organization"' in add.content.decode()
    assert client.get(reverse("admin:accounts_userimport_changelist")).status_code == 200
