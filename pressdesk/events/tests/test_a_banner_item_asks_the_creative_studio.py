"""Point 2 of issue 25: banner and printed-material items of the checklist are linked to design
requests of the creative studio — opened prefilled from the event, linked to the item, their
status shown on the event page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _banner(event: Any) -> Any:
    return event.checklist.get(label="Pankart / fon ve basılı materyal")


def test_the_design_request_is_prefilled_from_the_event_and_linked_to_the_item(
    province: Any, plan: Any, client: Any
) -> None:
    from pressdesk.creative.models import DesignRequest

    event = plan()
    item = _banner(event)
    client.force_login(province.staff)
    page = client.get(event.get_absolute_url()).content.decode()
    url = reverse("events:item_design", args=[item.pk])
    assert url in page
    form = client.get(url).content.decode()
    day = timezone.localtime(event.start).date()
    assert f'value="{event.title}: Pankart / fon ve basılı materyal"' in form
    assert f'value="{day:%Y-%m-%d}"' in form  # the event's day is the deadline
    assert 'value="roll_up" selected' in form  # a banner
    assert "Kocaeli Şehir Hastanesi Göz Kliniği açılışı" in form
    response = client.post(
        url,
        {
            "kind": "roll_up",
            "title": f"{event.title}: pankart",
            "purpose": "Açılış töreni için pankart",
            "sizes": "300×100 cm",
            "medium": "print",
            "quantity": "2",
            "deadline": f"{day:%Y-%m-%d}",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    design = DesignRequest.objects.get()
    assert item.design_request == design
    assert (design.organization, design.deadline, design.created_by) == (province.hospital, day, province.staff)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Tasarım: Yeni" in page and reverse("creative:request", args=[design.pk]) in page
    # a second visit opens the request instead of asking twice
    assert client.get(url)["Location"] == reverse("creative:request", args=[design.pk])
    client.post(url, {"kind": "poster", "title": "x", "purpose": "x", "sizes": "A3", "medium": "print"})
    assert DesignRequest.objects.count() == 1


def test_the_design_status_follows_the_studio(province: Any, plan: Any, client: Any) -> None:
    from pressdesk.creative import actions as creative
    from pressdesk.events import actions

    event = plan()
    item = _banner(event)
    design = actions.request_design(actor=province.staff, item=item, **{**actions.design_prefill(item), "sizes": "A3"})
    creative.decide_request(actor=province.unit_head, request=design, decision="accept", designer=province.staff2)
    client.force_login(province.staff)
    assert "Tasarım: Kabul edildi" in client.get(event.get_absolute_url()).content.decode()


def test_another_province_cannot_ask_a_design_for_the_item(province: Any, plan: Any, client: Any) -> None:
    from pressdesk.creative.models import DesignRequest

    event = plan()
    item = _banner(event)
    client.force_login(province.outsider)
    url = reverse("events:item_design", args=[item.pk])
    assert client.get(url).status_code == 404
    data = {"kind": "poster", "title": "x", "purpose": "x", "sizes": "A3", "medium": "print", "quantity": "1"}
    assert client.post(url, {**data, "deadline": f"{timezone.localdate():%Y-%m-%d}"}).status_code == 404
    assert not DesignRequest.objects.exists()
