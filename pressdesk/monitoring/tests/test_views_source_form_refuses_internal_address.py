"""The source form refuses internal addresses and non-http schemes; a good one creates a source."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import Source
from pressdesk.monitoring.tests.factories import OutletFactory

pytestmark = pytest.mark.django_db


def _post(client, **extra):
    data = {"name": "Yerel", "kind": "feed", "url": "http://10.0.0.1/feed", "poll_interval": "15"}
    data.update(extra)
    return client.post(reverse("monitoring:source_create"), data)


def test_private_address_is_refused_with_a_clear_error(province, login):
    outlet = OutletFactory()
    response = _post(login(province.staff), outlet=outlet.pk)
    assert response.status_code == 200
    assert "internal network" in response.content.decode() or "iç ağ" in response.content.decode()
    assert not Source.objects.exists()


def test_non_http_scheme_is_refused(province, login):
    outlet = OutletFactory()
    response = _post(login(province.staff), outlet=outlet.pk, url="ftp://93.184.216.34/feed")
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_outlet_is_required(province, login):
    response = _post(login(province.staff), url="http://93.184.216.34/feed")
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_staff_cannot_allow_internal_addresses(province, login):
    outlet = OutletFactory()
    _post(login(province.staff), outlet=outlet.pk, allowed_private="on")
    assert not Source.objects.exists()


def test_admin_may_allow_an_internal_host_and_a_new_outlet_is_created(province, login):
    response = _post(login(province.admin), new_outlet_name="Körfez Gazetesi", allowed_private="on")
    source = Source.objects.get()
    assert response.status_code == 302
    assert source.allowed_private
    assert source.outlet.name == "Körfez Gazetesi"
    assert source.poll_interval == 900


def test_staff_source_belongs_to_their_province(province, login):
    outlet = OutletFactory()
    _post(login(province.staff), outlet=outlet.pk, url="http://93.184.216.34/feed")
    assert Source.objects.get().organization == province.directorate
