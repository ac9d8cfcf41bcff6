from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.creative import actions, queries
from pressdesk.creative.models import Asset, DesignRequest, Version
from pressdesk.lib import inbox
from pressdesk.testing.creative import png_upload

pytestmark = pytest.mark.django_db


def test_the_requester_asks_the_unit_decides_and_the_designer_delivers(province, brief, client, login):
    login(province.requester)
    response = client.post(
        reverse("creative:create"),
        {
            "kind": "special_day",
            "title": "Dünya Sağlık Günü afişi",
            "purpose": "Hastanelerde asılacak",
            "texts": "Sağlığınız için hareket edin",
            "sizes": "A3, 1080×1080",
            "medium": "print",
            "quantity": "20",
            "deadline": "2099-04-01",
            "references": [png_upload("ornek.png")],
        },
    )
    assert response.status_code == 302
    request = DesignRequest.objects.get()
    assert request.organization == province.requester.organization
    assert request.references.count() == 1
    assert any(item.title == request.title for item in inbox.items_for(province.staff))

    actions.decide_request(
        actor=province.unit_head, request=request, decision="accept", priority=3, designer=province.staff
    )
    request.refresh_from_db()
    assert (request.status, request.priority, request.designer) == ("accepted", 3, province.staff)
    assert queries.queue_position(request) == 1
    page = client.get(request.get_absolute_url())
    assert "creative-queue" in page.content.decode()

    first = actions.upload_version(actor=province.staff, request=request, upload=png_upload("v1.png"))
    actions.make_preview(version_id=first.pk)
    first.refresh_from_db()
    assert first.preview
    client.post(reverse("creative:version_comment", args=[first.pk]), {"text": "Logo büyüsün", "x": "20", "y": "30"})
    assert first.comments.get().x == 20
    client.post(reverse("creative:version_answer", args=[first.pk]), {"approve": "0", "comment": "Renk daha açık"})
    request.refresh_from_db()
    assert request.status == "changes"

    second = actions.upload_version(actor=province.staff, request=request, upload=png_upload("v2.png"))
    assert second.number == 2
    client.post(reverse("creative:version_answer", args=[second.pk]), {"approve": "1"})
    request.refresh_from_db()
    second.refresh_from_db()
    assert request.status == "approved"
    assert second.status == Version.Status.APPROVED
    final = Asset.objects.get(version=second)
    assert final.kind == "final" and final.organization == request.organization


def test_the_unit_asks_for_more_and_declines_with_a_reason(province, brief):
    request = brief()
    actions.decide_request(actor=province.staff, request=request, decision="more_info", comment="Logo eksik")
    request.refresh_from_db()
    assert request.status == "more_info"
    actions.answer_more_info(actor=province.requester, request=request, texts="Logo ekte")
    request.refresh_from_db()
    assert request.status == "new"
    actions.decide_request(actor=province.staff, request=request, decision="decline", comment="Kapsam dışı")
    request.refresh_from_db()
    assert request.status == "declined"
    assert queries.queue_position(request) is None


def test_the_board_groups_by_status_and_designer(province, brief, client, login):
    accepted = brief(title="Broşür")
    actions.decide_request(actor=province.staff, request=accepted, decision="accept", designer=province.staff)
    brief(title="Davetiye")
    login(province.unit_head)
    page = client.get(reverse("creative:board")).content.decode()
    assert "Broşür" in page and "Davetiye" in page
    assert province.staff.get_full_name() in page


def test_queue_position_counts_earlier_deadlines(province, brief):
    import datetime

    from django.utils import timezone

    later = brief(deadline=timezone.localdate() + datetime.timedelta(days=20))
    brief(deadline=timezone.localdate() + datetime.timedelta(days=5))
    assert queries.queue_position(later) == 2
