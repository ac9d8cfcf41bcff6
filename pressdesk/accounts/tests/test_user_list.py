"""The user list: search, filters, Turkish order, pagination, constant query count."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.accounts.models import Role, User
from pressdesk.testing.factories import Province, UserFactory


def _usernames(response: Any) -> list[str]:
    return [user.username for user in response.context["users"]]


def test_list_query_count_does_not_grow_with_users(province: Province, as_admin: Client) -> None:
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = as_admin.get(reverse("accounts:list"))
        assert response.status_code == 200
        return len(queries)

    UserFactory.create_batch(3, organization=province.hospital)
    with_few = count_queries()
    UserFactory.create_batch(27, organization=province.other_hospital)
    with_many = count_queries()
    assert User.objects.count() > 30
    assert with_many == with_few


def test_users_are_sorted_by_name_in_turkish_order(province: Province, as_admin: Client) -> None:
    User.objects.exclude(pk=province.admin.pk).delete()
    for username, first in [("c1", "Çağrı"), ("c2", "Cem"), ("i1", "İlker"), ("i2", "Işıl"), ("z", "Zehra")]:
        UserFactory(username=username, first_name=first, last_name="Kaya", organization=province.unit)
    province.admin.first_name = "Sistem"
    province.admin.save()
    response = as_admin.get(reverse("accounts:list"))
    assert _usernames(response) == ["c2", "c1", "i2", "i1", "yonetici", "z"]


def test_search_matches_name_username_and_email(province: Province, as_admin: Client) -> None:
    assert _usernames(as_admin.get(reverse("accounts:list"), {"q": "Yılmaz"})) == ["calisan"]
    assert _usernames(as_admin.get(reverse("accounts:list"), {"q": "sorumlu"})) == ["sorumlu"]
    assert _usernames(as_admin.get(reverse("accounts:list"), {"q": "talep@example"})) == ["talep"]
    assert _usernames(as_admin.get(reverse("accounts:list"), {"q": "ayşe yılmaz"})) == ["calisan"]


def test_search_follows_turkish_case_rules(province: Province, as_admin: Client) -> None:
    # Mehmet Işık and İsmail Öztürk, typed in capitals or small letters.
    for typed in ("IŞIK", "ışık", "Işık"):
        assert _usernames(as_admin.get(reverse("accounts:list"), {"q": typed})) == ["sorumlu"], typed
    for typed in ("İSMAİL", "ismail", "İsmail"):
        assert _usernames(as_admin.get(reverse("accounts:list"), {"q": typed})) == ["mudur"], typed
    for typed in ("ÖZTÜRK", "öztürk"):
        assert _usernames(as_admin.get(reverse("accounts:list"), {"q": typed})) == ["mudur"], typed


def test_filters_by_organization_role_and_active(province: Province, as_admin: Client) -> None:
    url = reverse("accounts:list")
    by_org = _usernames(as_admin.get(url, {"organization": province.unit.pk}))
    assert sorted(by_org) == ["calisan", "calisan2", "sorumlu"]
    assert _usernames(as_admin.get(url, {"role": Role.DIRECTOR})) == ["mudur"]
    province.staff2.is_active = False
    province.staff2.save()
    assert _usernames(as_admin.get(url, {"active": "no"})) == ["calisan2"]
    assert "calisan2" not in _usernames(as_admin.get(url, {"active": "yes"}))
    assert _usernames(as_admin.get(url, {"organization": province.unit.pk, "role": Role.STAFF, "active": "yes"})) == [
        "calisan"
    ]


def test_bad_filter_values_are_ignored_not_fatal(province: Province, as_admin: Client) -> None:
    response = as_admin.get(reverse("accounts:list"), {"organization": "999999", "role": "boss", "active": "x"})
    assert response.status_code == 200
    assert len(response.context["users"]) == User.objects.count()


def test_pagination_shows_25_per_page_and_keeps_the_filters(province: Province, as_admin: Client) -> None:
    UserFactory.create_batch(30, organization=province.hospital, role=Role.AFFILIATE_PRESS)
    url = reverse("accounts:list")
    first = as_admin.get(url, {"role": Role.AFFILIATE_PRESS})
    assert len(first.context["users"]) == 25
    assert first.context["page_obj"].paginator.count == 32
    assert "role=affiliate_press&amp;page=2" in first.content.decode()
    second = as_admin.get(url, {"role": Role.AFFILIATE_PRESS, "page": 2})
    assert len(second.context["users"]) == 7
    assert not set(_usernames(first)) & set(_usernames(second))


def test_htmx_filtering_returns_only_the_table(province: Province, as_admin: Client) -> None:
    response = as_admin.get(reverse("accounts:list"), {"q": "Yılmaz"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "calisan" in html
    assert "<html" not in html
