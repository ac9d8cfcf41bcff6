"""The public newsroom lists the province's sent press bulletins whose embargo has passed, page by page."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations.models import Release


def _release(world: Any, title: str, **fields: Any) -> Release:
    defaults: dict[str, Any] = {
        "province": world.directorate,
        "organization": world.unit,
        "kind": Release.Kind.BULLETIN,
        "status": Release.Status.SENT,
        "sent_at": timezone.now(),
        "created_by": world.staff,
        "lead": "Giriş metni",
    }
    defaults.update(fields)
    return Release.objects.create(title=title, **defaults)


@override_settings(NEWSROOM_ORGANIZATION="ism")
def test_newsroom_lists_only_published_bulletins_of_its_province(province, client):
    sent = _release(province, "Gönderilen bülten")
    _release(province, "Taslak bülten", status=Release.Status.DRAFT, sent_at=None)
    _release(province, "Onayda bülten", status=Release.Status.APPROVAL, sent_at=None)
    _release(province, "Ambargolu bülten", embargo_until=timezone.now() + datetime.timedelta(hours=2))
    _release(province, "Basın bildirisi", kind=Release.Kind.STATEMENT)
    other = _release(
        province, "Denizli bülteni", province=province.other_directorate, organization=province.other_directorate
    )
    response = client.get(reverse("mediarelations:public_bulletins"))
    assert response.status_code == 200
    assert list(response.context["releases"]) == [sent]
    page = response.content.decode()
    assert "Basın bültenleri" in page and reverse("mediarelations:public_bulletin", args=[sent.pk]) in page
    assert province.directorate.name in page  # the newsroom's header
    # The newsroom's header links the list; another province's bulletin has no public page here.
    assert reverse("mediarelations:public_bulletins") in client.get(reverse("newsroom:index")).content.decode()
    assert client.get(reverse("mediarelations:public_bulletin", args=[other.pk])).status_code == 404
    assert client.get(reverse("mediarelations:public_bulletin", args=[sent.pk])).status_code == 200


@override_settings(NEWSROOM_ORGANIZATION="ism")
def test_bulletin_list_is_paginated_with_few_queries(province, client, django_assert_max_num_queries):
    now = timezone.now()
    for n in range(15):
        _release(province, f"Bülten {n:02}", sent_at=now - datetime.timedelta(hours=n))
    client.get(reverse("mediarelations:public_bulletins"))
    with django_assert_max_num_queries(12):
        first = client.get(reverse("mediarelations:public_bulletins"))
    assert [r.title for r in first.context["releases"]][:2] == ["Bülten 00", "Bülten 01"]
    assert len(first.context["releases"]) == 12
    second = client.get(reverse("mediarelations:public_bulletins"), {"page": 2})
    assert len(second.context["releases"]) == 3
