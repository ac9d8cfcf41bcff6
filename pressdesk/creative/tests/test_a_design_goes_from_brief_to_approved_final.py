from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pressdesk.approvals import actions as approvals
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
    # The 3.3 row of the matrix names controls: the final goes up the chain before it is filed.
    assert request.status == "in_approval"
    assert second.status == Version.Status.APPROVED
    assert not Asset.objects.filter(version=second).exists()
    flow = approvals.flow_for(request)
    assert flow is not None and flow.process.code == "3.3"
    with pytest.raises(ValidationError):
        actions.deliver_final(actor=province.staff, request=request)
    assert not any(item.title == request.title for item in inbox.items_for(province.staff))
    assert _approve_all(flow)[-1] == "director"
    assert any(item.title == request.title for item in inbox.items_for(province.staff))  # to deliver
    login(province.staff)
    assert client.post(reverse("creative:deliver", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    final = Asset.objects.get(version=second)
    assert final.kind == "final" and final.organization == request.organization

    # Delivered in every requested size and format: A3 as a print PDF, 1080×1080 as a PNG.
    assert actions.make_deliveries(request_id=request.pk) == 2
    assert actions.make_deliveries(request_id=request.pk) == 0  # never twice
    formats = {d.label: (d.content_type, d.width, d.height) for d in request.deliveries.all()}
    assert formats == {"A3": ("application/pdf", 1754, 2480), "1080×1080": ("image/png", 1080, 1080)}
    page = client.get(request.get_absolute_url()).content.decode()
    assert "creative-deliveries" in page and "A3" in page
    login(province.requester)
    response = client.get(reverse("creative:zip", args=[request.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert names == ["1080x1080.png", "A3.pdf", "original/v2.png"]
    assert archive.read("A3.pdf").startswith(b"%PDF")
    one = request.deliveries.get(label="A3")
    assert client.get(reverse("creative:delivery", args=[one.pk])).status_code == 200
    assert sorted(final.downloads.values_list("size", flat=True)) == ["A3", "zip"]


def _approve_all(flow):  # type: ignore[no-untyped-def]
    signers = []
    while True:
        flow.refresh_from_db()
        step = flow.steps.filter(status="current").first()
        if step is None:
            return signers
        user = approvals.eligible_users(flow, step)[0]
        signers.append(user.role)
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)


def test_the_final_is_filed_at_once_when_the_matrix_names_no_controls(province, brief):
    from pressdesk.organizations.models import Process, Responsibility

    Responsibility.objects.filter(process=Process.objects.get(code="3.3")).update(
        control_1="", control_2="", control_3=""
    )
    request = brief(sizes="1080×1920 (story)")
    actions.decide_request(actor=province.staff, request=request, decision="accept", designer=province.staff)
    version = actions.upload_version(actor=province.staff, request=request, upload=png_upload("v1.png"))
    actions.answer_version(actor=province.requester, version=version, approve=True)
    request.refresh_from_db()
    assert request.status == "approved" and approvals.flow_for(request) is None
    assert Asset.objects.filter(version=version).exists()
    assert actions.make_deliveries(request_id=request.pk) == 1
    assert request.deliveries.get().label == "1080×1920"


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
