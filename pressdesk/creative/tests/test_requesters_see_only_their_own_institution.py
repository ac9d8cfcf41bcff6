from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pressdesk.creative import actions, queries
from pressdesk.testing.creative import make_asset, make_request
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


def test_other_institutions_and_provinces_see_nothing(province, brief, client, login):
    mine = brief(title="Bizim afiş")
    other = make_request(province, actor=province.affiliate, title="Hastane broşürü")
    second = SecondProvince(province)
    theirs = make_request(second, title="Denizli afişi")
    assert set(queries.requests_visible_to(province.requester)) == {mine}
    assert set(queries.requests_visible_to(province.affiliate)) == {other}
    assert set(queries.requests_visible_to(province.staff)) == {mine, other}
    assert set(queries.requests_visible_to(second.staff)) == {theirs}
    login(second.staff)
    assert client.get(mine.get_absolute_url()).status_code == 404
    asset = make_asset(province)
    assert client.get(reverse("creative:asset", args=[asset.pk])).status_code == 404
    login(province.affiliate)
    assert client.get(mine.get_absolute_url()).status_code == 404


def test_another_provinces_unit_cannot_decide(province, brief):
    request = brief()
    second = SecondProvince(province)
    with pytest.raises(PermissionDenied):
        actions.decide_request(actor=second.staff, request=request, decision="accept", designer=second.staff)
    with pytest.raises(PermissionDenied):
        actions.decide_request(actor=province.requester, request=request, decision="decline", comment="x")
