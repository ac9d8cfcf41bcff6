"""The archive finds Turkish text whatever the case, and filters by outlet type."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import Outlet
from pressdesk.monitoring.tests.factories import OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(province):
    agency = SourceFactory(organization=province.directorate, outlet=OutletFactory(kind=Outlet.Kind.AGENCY))
    local = SourceFactory(organization=province.directorate)
    agency.items.create(outlet=agency.outlet, identity_hash="a", title="Şehir Hastanesi'nde yeni bölüm", text="Kocaeli")
    local.items.create(outlet=local.outlet, identity_hash="b", title="Belediye meclisi toplandı", text="Gündem")


def test_uppercase_turkish_finds_title_case(province, login, items):
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "ŞEHİR"})
    content = response.content.decode()
    assert "Hastanesi&#x27;nde yeni bölüm" in content or "Hastanesi'nde yeni bölüm" in content
    assert "<mark>Şehir</mark>" in content
    assert "Belediye" not in content


def test_outlet_kind_filter(province, login, items):
    response = login(province.staff).get(reverse("monitoring:archive"), {"outlet_kind": Outlet.Kind.AGENCY})
    assert [item.title for item in response.context["items"]] == ["Şehir Hastanesi'nde yeni bölüm"]


def test_other_province_finds_nothing(province, login, items):
    response = login(province.outsider).get(reverse("monitoring:archive"), {"q": "şehir"})
    assert response.context["items"] == []
