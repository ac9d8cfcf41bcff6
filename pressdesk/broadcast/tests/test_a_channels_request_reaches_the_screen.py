"""TV/radio requests (issue 27): a channel's request through the guest's own line of command
to the permit letter and the aired record; refusal, withdrawal, re-approval, bad input."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pressdesk.accounts.models import Role
from pressdesk.approvals import actions as approvals
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.broadcast import actions, queries
from pressdesk.broadcast.models import BroadcastEvent, BroadcastRequest
from pressdesk.documents import actions as documents
from pressdesk.lib import activity, agenda
from pressdesk.organizations.models import OrganizationKind
from pressdesk.testing.broadcast import make_outlet, make_request
from pressdesk.testing.factories import UserFactory, make_org

pytestmark = pytest.mark.django_db

Status = BroadcastRequest.Status


@pytest.fixture
def line(province):
    """A guest outside the press unit: a physician of a unit under the public-health presidency,
    with that unit's head and that presidency's Başkan."""
    unit = make_org("bulasici", OrganizationKind.UNIT, province.other_presidency, "Bulaşıcı Hastalıklar Birimi")
    return {
        "unit": unit,
        "guest": UserFactory(
            username="konuk", role=Role.REQUESTER, organization=unit, first_name="Elif", last_name="Kaya"
        ),
        "head": UserFactory(username="birim-sorumlu", role=Role.UNIT_HEAD, organization=unit),
        "chief": UserFactory(username="hs-baskan", role=Role.CHIEF, organization=province.other_presidency),
    }


def _future(days: int = 3, hour: int = 20) -> datetime.datetime:
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _enter(province, guest, **extra):
    fields = {
        "outlet": make_outlet(),
        "programme": "Sağlık Saati",
        "kind": BroadcastRequest.Kind.LIVE,
        "topic": "Grip aşısı",
        "starts_at": _future(),
        "duration_minutes": 45,
        "place": "Stüdyo 1",
        "guest": guest,
        "requester_name": "Yapımcı Ali",
    }
    fields.update(extra)
    return actions.create_request(actor=province.staff, **fields)


def _decide(actor, request, decision="approve", **kwargs):
    flow = actions.flow_of(request)
    return actions.decide(actor=actor, request=request, decision=decision, seen_hash=flow.content_hash, **kwargs)


def _sign_letter(province, letter):
    approvals.submit(actor=province.staff, target=letter)
    for person in (province.unit_head, province.chief, province.director):
        flow = approvals.flow_for(letter)
        approvals.decide(actor=person, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    pdf = SimpleUploadedFile("imzali.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    return documents.record_ebys(
        actor=province.staff,
        letter=letter,
        ebys_number="E-12345678-010.06.02-4521",
        ebys_date=timezone.localdate(),
        signed_pdf=pdf,
    )


def test_a_channels_request_goes_through_the_guests_own_line_to_the_permit_letter_and_airs(province, line, client):
    request = _enter(province, line["guest"])
    assert request.organization == line["unit"] and request.status == Status.RECEIVED
    actions.check_request(actor=province.staff, request=request)
    flow = actions.submit_request(actor=province.staff, request=request)
    assert flow.chain_organization == line["unit"]
    assert [s.role for s in flow.steps.all()] == ["unit_head", "chief", "director"]
    # The press unit's own head and Başkan are not in the guest's line.
    with pytest.raises(PermissionDenied):
        _decide(province.unit_head, request)
    _decide(line["head"], request)
    with pytest.raises(PermissionDenied):
        _decide(province.chief, request)
    _decide(line["chief"], request)
    request = _decide(province.director, request)
    assert request.status == Status.APPROVED
    letter = actions.draft_permit_letter(actor=province.staff, request=request)
    assert letter.addressee.endswith("BİRİMİNE")
    assert "Sağlık Saati" in letter.body and "Elif Kaya" in letter.body
    client.force_login(province.staff)
    assert client.get(reverse("documents:docx", args=[letter.pk])).status_code == 200
    assert client.get(reverse("documents:pdf", args=[letter.pk])).status_code == 200
    with pytest.raises(ValidationError):
        actions.mark_permit_sent(actor=province.staff, request=request)  # no EBYS number yet
    _sign_letter(province, letter)
    request = actions.mark_permit_sent(actor=province.staff, request=request)
    assert request.status == Status.PERMIT_SENT
    story = actions.announce(actor=province.staff, request=request)
    assert "Sağlık Saati" in story.title and story.status == "draft"
    BroadcastRequest.objects.filter(pk=request.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    actions.record_aired(
        actor=province.staff, request=request, aired_url="https://tv.example/izle/1", aired_minutes=40, evaluation="İyi"
    )
    request.refresh_from_db()
    assert request.status == Status.AIRED and request.aired_minutes == 40
    page = client.get(reverse("broadcast:detail", args=[request.pk])).content.decode()
    assert "https://tv.example/izle/1" in page and "E-12345678-010.06.02-4521" in page
    kinds = list(request.events.values_list("kind", flat=True))
    for kind in ("received", "checked", "submitted", "approved", "letter", "permit_sent", "announced", "aired"):
        assert kind in kinds


def test_a_staff_members_application_refused_by_the_director_produces_no_letter(province, line):
    request = actions.create_request(
        actor=line["guest"],
        origin=BroadcastRequest.Origin.APPLICATION,
        outlet=None,
        new_outlet="Radyo Körfez",
        new_outlet_kind="radio",
        programme="Sabah Sohbeti",
        kind=BroadcastRequest.Kind.PHONE,
        topic="El hijyeni",
        starts_at=_future(5, 9),
        duration_minutes=20,
    )
    assert request.guest == line["guest"] and request.outlet.name == "Radyo Körfez"
    actions.check_request(actor=province.staff, request=request)
    actions.submit_request(actor=province.staff, request=request)
    _decide(line["head"], request)
    _decide(line["chief"], request)
    with pytest.raises(ValidationError):
        _decide(province.director, request, decision="refuse")  # a refusal needs its reason
    request = _decide(province.director, request, decision="refuse", comment="Konu Bakanlıkça yanıtlanacak.")
    assert request.status == Status.REFUSED and request.decision_comment
    with pytest.raises(ValidationError, match="Reddedilen veya geri çekilen"):
        actions.draft_permit_letter(actor=province.staff, request=request)
    assert request.permit_letter is None


def test_a_withdrawn_request_produces_no_letter_and_leaves_the_chain(province, line):
    request = _enter(province, line["guest"])
    actions.check_request(actor=province.staff, request=request)
    actions.submit_request(actor=province.staff, request=request)
    actions.withdraw(actor=province.staff, request=request, comment="Kanal programı iptal etti.")
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert actions.flow_of(request).status == ApprovalFlow.Status.RETURNED
    with pytest.raises(ValidationError, match="Reddedilen veya geri çekilen"):
        actions.draft_permit_letter(actor=province.staff, request=request)


def _approved(province, line, **extra):
    request = _enter(province, line["guest"], **extra)
    actions.check_request(actor=province.staff, request=request)
    actions.submit_request(actor=province.staff, request=request)
    for person in (line["head"], line["chief"], province.director):
        request = _decide(person, request)
    assert request.status == Status.APPROVED
    return request


def test_an_approved_request_changed_afterwards_is_approved_again(province, line):
    request = _approved(province, line)
    actions.update_request(actor=province.staff, request=request, topic="Grip ve COVID-19 aşıları")
    request.refresh_from_db()
    assert request.status == Status.CHECKED
    assert actions.flow_of(request).status == ApprovalFlow.Status.RETURNED
    with pytest.raises(ValidationError):
        actions.draft_permit_letter(actor=province.staff, request=request)
    actions.submit_request(actor=province.staff, request=request)
    steps = list(actions.flow_of(request).steps.values_list("status", flat=True))
    assert steps == ["current", "waiting", "waiting"]  # every step approves the new content
    assert BroadcastEvent.objects.filter(request=request, kind=BroadcastEvent.Kind.REAPPROVAL).exists()


def test_the_director_proposes_another_spokesperson_whose_line_then_decides(province, line):
    request = _enter(province, line["guest"])
    actions.check_request(actor=province.staff, request=request)
    actions.submit_request(actor=province.staff, request=request)
    _decide(line["head"], request)
    _decide(line["chief"], request)
    request = _decide(
        province.director, request, decision="propose", comment="Başkan katılsın.", proposed_guest=province.staff2
    )
    assert request.status == Status.CHECKED and request.guest == province.staff2
    assert request.proposed_guest == line["guest"]
    flow = actions.submit_request(actor=province.staff, request=request)
    flow.refresh_from_db()
    assert flow.chain_organization == province.unit
    _decide(province.unit_head, request)  # now the press unit's line: the guest works there


def test_bad_input_is_refused_with_a_reason(province, line):
    with pytest.raises(ValidationError) as past:
        _enter(province, line["guest"], starts_at=timezone.now() - datetime.timedelta(hours=1))
    assert "starts_at" in past.value.message_dict
    nobody = UserFactory(username="kurumsuz", role=Role.STAFF, organization=None)
    with pytest.raises(ValidationError) as no_org:
        _enter(province, line["guest"], other_guests=[nobody])
    assert "other_guests" in no_org.value.message_dict
    _enter(province, line["guest"], starts_at=_future(4, 20))
    with pytest.raises(ValidationError) as overlap:
        _enter(province, line["guest"], starts_at=_future(4, 20) + datetime.timedelta(minutes=30))
    assert "çakışıyor" in " ".join(overlap.value.message_dict["starts_at"])
    _enter(province, line["guest"], starts_at=_future(4, 21))  # right after the first one: no overlap


def test_bad_input_shows_turkish_messages_on_the_form(province, line, client):
    client.force_login(province.staff)
    response = client.post(
        reverse("broadcast:create"),
        {
            "outlet": make_outlet().pk,
            "programme": "Sağlık Saati",
            "kind": "live",
            "topic": "Grip",
            "starts_at": (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 30,
            "guest": line["guest"].pk,
        },
        HTTP_ACCEPT_LANGUAGE="tr",
    )
    assert response.status_code == 200
    assert "geçmiş" in response.content.decode()


def test_who_sees_which_request(province, line, client):
    at_hospital = UserFactory(username="hekim", role=Role.STAFF, organization=province.hospital)
    hospital_request = make_request(province, guest=at_hospital, programme="Hastane Programı")
    unit_request = make_request(province, guest=line["guest"], programme="Birim Programı")
    assert set(queries.requests_visible_to(province.staff)) == {hospital_request, unit_request}
    assert set(queries.requests_visible_to(province.affiliate)) == {hospital_request}
    assert set(queries.requests_visible_to(line["guest"])) == {unit_request}
    assert set(queries.requests_visible_to(province.requester)) == set()
    client.force_login(line["guest"])
    assert client.get(reverse("broadcast:detail", args=[hospital_request.pk])).status_code == 404


def test_the_list_reads_a_page_in_a_constant_number_of_queries(province, line, client, django_assert_max_num_queries):
    for n in range(12):
        make_request(province, guest=line["guest"], programme=f"Program {n}", outlet=make_outlet(f"Kanal {n}"))
    client.force_login(province.staff)
    with django_assert_max_num_queries(22):  # the page, plus the navigation (one count per İşlerim provider)
        response = client.get(reverse("broadcast:list"), {"text": "Program"})
    assert response.content.decode().count('data-testid="broadcast-row"') == 12
    response = client.get(reverse("broadcast:list"), {"status": "received", "guest": line["guest"].pk})
    assert response.content.decode().count('data-testid="broadcast-row"') == 12


def test_the_guest_is_reminded_the_day_before_and_an_hour_before_once_each(province, line):
    request = _approved(province, line)
    start = request.starts_at
    assert actions.send_due_reminders(start - datetime.timedelta(days=2)) == 0
    assert actions.send_due_reminders(start - datetime.timedelta(hours=20)) == 1
    assert actions.send_due_reminders(start - datetime.timedelta(hours=19)) == 0
    assert actions.send_due_reminders(start - datetime.timedelta(minutes=50)) == 1
    assert actions.send_due_reminders(start - datetime.timedelta(minutes=40)) == 0
    assert line["guest"].notifications.filter(kind="broadcast_reminder").count() == 2


def test_the_appearance_is_on_the_guests_and_the_directors_agenda(province, line):
    request = _approved(province, line)
    start, end = request.starts_at - datetime.timedelta(hours=1), request.starts_at + datetime.timedelta(hours=2)
    for person in (line["guest"], province.director):
        entries = [e for e in agenda.entries_for(person, start=start, end=end) if e.kind == "broadcast"]
        assert [e.title for e in entries] == [f"Kocaeli TV — Sağlık Saati ({line['guest']})"]
    assert [e for e in agenda.entries_for(province.staff2, start=start, end=end) if e.kind == "broadcast"] == []
    briefing = actions.briefing_for(request)
    assert "Sağlık Saati" in briefing
    actions.save_briefing(actor=province.staff, text="Mesajlar: {topic} — {outlet}")
    assert actions.briefing_for(request) == "Mesajlar: Grip aşısı — Kocaeli TV"


def test_external_approvals_go_through_the_existing_links(province, line):
    request = _enter(province, line["guest"], needs_external=True)
    actions.check_request(actor=province.staff, request=request)
    actions.submit_request(actor=province.staff, request=request)
    for person in (line["head"], line["chief"], province.director):
        request = _decide(person, request)
    flow = actions.flow_of(request)
    assert flow.status == ApprovalFlow.Status.EXTERNAL and request.status == Status.IN_APPROVAL
    targets = [
        approvals.ExternalTarget(organization=org, email=f"{n}@example.gov.tr")
        for n, org in enumerate((province.ministry_press, province.ministry, province.governorship))
    ]
    links = approvals.send_external(actor=province.staff, flow=flow, targets=targets)
    for _external, token in links:
        approvals.answer_external_link(
            token=token, approve=True, comment="", answered_by="Birim", ip_address="10.0.0.1"
        )
    assert actions.flow_of(request).status == ApprovalFlow.Status.APPROVED
    letter = actions.draft_permit_letter(actor=province.staff, request=request)  # catches up with the approval
    request.refresh_from_db()
    assert request.status == Status.APPROVED and request.permit_letter == letter


def test_statistics_and_activity_figures(province, line, client):
    _approved(province, line)
    refused = make_request(province, guest=line["guest"], status=Status.REFUSED, outlet=make_outlet("Radyo 41"))
    assert refused.pk
    stats = queries.statistics(province.staff)
    assert stats["total"] == 2 and stats["approved"] == 1 and stats["refused"] == 1
    client.force_login(province.director)
    assert client.get(reverse("broadcast:statistics")).status_code == 200
    figures = {figure.key: figure for figure in activity.figures()}
    month = timezone.localdate().replace(day=1)
    counts = figures["broadcast.requests"].compute(province.directorate, month, month + datetime.timedelta(days=40))
    assert sum(counts.values()) == 2


def test_a_chain_decided_on_the_approvals_page_leads_to_the_permit_letter(province, line, client):
    request = _enter(province, line["guest"])
    actions.check_request(actor=province.staff, request=request)
    flow = actions.submit_request(actor=province.staff, request=request)
    # The director returns it from İşlerim (the approvals page); the unit puts it back after a word with the guest.
    for person in (line["head"], line["chief"]):
        flow.refresh_from_db()
        approvals.decide(actor=person, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()
    approvals.decide(actor=province.director, flow_id=flow.pk, approve=False, seen_hash=flow.content_hash, comment="?")
    client.force_login(province.staff)
    assert "Onay zincirinde iade edildi" in client.get(reverse("broadcast:detail", args=[request.pk])).content.decode()
    actions.submit_request(actor=province.staff, request=request)
    flow.refresh_from_db()
    approvals.decide(actor=province.director, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    page = client.get(reverse("broadcast:detail", args=[request.pk])).content.decode()
    assert "Uygunluk yazısını hazırla" in page
    assert client.get(reverse("approvals:detail", args=[flow.pk])).status_code == 200
    actions.draft_permit_letter(actor=province.staff, request=request)
    request.refresh_from_db()
    assert request.status == Status.APPROVED and request.permit_letter is not None
