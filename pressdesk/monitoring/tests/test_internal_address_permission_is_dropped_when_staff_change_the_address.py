"""Unit staff cannot repoint a source an administrator allowed to be internal."""

import pytest
from django.urls import reverse

from pressdesk.monitoring import actions
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.sources import allowed_hosts
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _internal_source(province) -> Source:
    return SourceFactory(
        url="http://10.1.2.3/feed.xml", allowed_private=True, organization=province.directorate, name="İntranet"
    )


def test_staff_changing_the_address_drops_the_permission(province):
    source = _internal_source(province)
    actions.update_source(actor=province.staff, source=source, url="http://169.254.169.254/latest/meta-data/")
    source.refresh_from_db()
    assert not source.allowed_private
    assert allowed_hosts(source) == ()


def test_staff_editing_other_fields_keep_the_permission(province):
    source = _internal_source(province)
    actions.update_source(actor=province.staff, source=source, name="İç ağ duyuruları")
    source.refresh_from_db()
    assert source.allowed_private


def test_an_admin_changing_the_address_keeps_the_permission(province):
    source = _internal_source(province)
    actions.update_source(actor=province.admin, source=source, url="http://10.1.2.4/feed.xml")
    source.refresh_from_db()
    assert source.allowed_private


def test_staff_form_refuses_a_new_internal_address_but_accepts_the_approved_one(province, login):
    source = _internal_source(province)
    client = login(province.staff)
    data = {"name": "İntranet", "kind": "feed", "outlet": source.outlet_id, "poll_interval": "15"}
    refused = client.post(reverse("monitoring:source_edit", args=[source.pk]), {**data, "url": "http://10.9.9.9/"})
    assert refused.status_code == 200
    kept = client.post(reverse("monitoring:source_edit", args=[source.pk]), {**data, "url": source.url})
    assert kept.status_code == 302
    source.refresh_from_db()
    assert source.allowed_private and source.url == "http://10.1.2.3/feed.xml"
