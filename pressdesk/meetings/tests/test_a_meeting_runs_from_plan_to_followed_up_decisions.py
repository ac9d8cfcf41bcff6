"""The whole journey without a browser: plan a monthly meeting, notify by letter, agenda requests
(one declined), minutes with two decisions signed and frozen, decision letters, the hospital reports
one decision done, the other is carried to the next meeting of the series."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.documents.models import Letter
from pressdesk.lib import activity, inbox
from pressdesk.meetings import actions, queries
from pressdesk.meetings.models import AgendaRequest, Decision, Meeting, MeetingLetter

pytestmark = pytest.mark.django_db


def test_the_journey(province, plan, sign, detsis, login):
    meeting = plan(recurrence="monthly", week_of_month=1)
    assert meeting.chair == province.director
    assert meeting.series is not None
    following = Meeting.objects.filter(series=meeting.series).exclude(pk=meeting.pk).order_by("start")
    assert following.exists()  # the series' coming meetings are generated on save
    assert actions.generate_series(series=meeting.series) == 0  # … and only once

    # 3.15.2: the notification letter is a documents Letter to every participating institution.
    letter = actions.draft_notice_letter(actor=province.staff, meeting=meeting)
    assert letter.kind == Letter.Kind.MEETING_NOTICE and letter.process.code == "3.15"
    assert letter.distribution_action == [province.hospital.name, province.other_hospital.name]
    assert MeetingLetter.objects.filter(meeting=meeting, letter=letter).exists()

    # 3.15.3: two agenda requests, one from the hospital's press officer; one declined with a reason.
    first = actions.request_agenda(actor=province.affiliate, meeting=meeting, topic="Acil servis", presenter="Başhekim")
    second = actions.request_agenda(actor=province.staff, meeting=meeting, topic="Basın açıklaması", presenter="Birim")
    with pytest.raises(ValidationError) as refused:
        actions.decide_request(actor=province.staff, item=second, decision="decline")
    assert "neden" in " ".join(refused.value.messages).lower() or refused.value.message_dict["reason"]
    actions.decide_request(actor=province.staff, item=first, decision="accept")
    actions.decide_request(actor=province.staff, item=second, decision="decline", reason="Gelecek toplantıya")
    assert [item.topic for item in queries.agenda_of(meeting)] == ["Acil servis"]
    assert AgendaRequest.objects.get(pk=second.pk).reason == "Gelecek toplantıya"

    # 3.15.5: minutes with attendance, item notes and two decisions.
    participants = queries.participants_of(meeting)
    actions.save_minutes(
        actor=province.staff,
        meeting=meeting,
        notes="Toplantı saat 10.00'da başladı.",
        attended=[p.pk for p in participants],
        item_notes={first.pk: "Yoğunluk rakamları sunuldu."},
    )
    due = timezone.localdate() + datetime.timedelta(days=10)
    done = actions.add_decision(
        actor=province.staff, meeting=meeting, text="Rapor hazırlanacak", owner=province.hospital, due=due
    )
    carried = actions.add_decision(
        actor=province.staff, meeting=meeting, text="Tabela yenilenecek", owner=province.other_hospital, due=due
    )
    assert (done.number, carried.number) == (1, 2)

    flow = sign(actions.submit_minutes(actor=province.staff, meeting=meeting))
    assert flow.status == ApprovalFlow.Status.APPROVED
    with pytest.raises(ValidationError):  # frozen once signed
        actions.add_decision(actor=province.staff, meeting=meeting, text="Yeni", owner=province.hospital, due=due)

    # The minutes as DOCX carry the heading, the attendees, the decisions and the signature block.
    minutes = queries.latest_minutes(meeting)
    client = login(province.staff)
    response = client.get(reverse("meetings:minutes_docx", args=[minutes.pk]))
    from docx import Document

    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "TOPLANTI TUTANAĞI" in text and "Karar 1: Rapor hazırlanacak" in text and "Yoğunluk rakamları" in text
    assert province.director.get_full_name() in cells and province.hospital.name in cells

    # A correction is a new version with its own signatures.
    correction = actions.correct_minutes(actor=province.staff, meeting=meeting, reason="Yazım hatası")
    assert correction.version == 2 and actions.minutes_editable(meeting)

    # 3.15.6: one decision letter per owner institution.
    letters = actions.draft_decision_letters(actor=province.staff, meeting=meeting)
    assert sorted(letter.addressee for letter in letters) == sorted(
        [province.hospital.name, province.other_hospital.name]
    )
    assert all(letter.kind == Letter.Kind.DECISION_NOTICE for letter in letters)

    # The owner institution sees its decision in İşlerim and reports it done.
    items = [item for item in inbox.items_for(province.affiliate) if item.url == done.get_absolute_url()]
    assert len(items) == 1
    client = login(province.affiliate)
    response = client.post(
        reverse("meetings:decision_progress", args=[done.pk]), {"note": "Rapor gönderildi", "done": "on"}
    )
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.status == Decision.Status.DONE
    assert not [item for item in inbox.items_for(province.affiliate) if item.url == done.get_absolute_url()]
    # … but may not report on the other hospital's decision.
    assert client.post(reverse("meetings:decision_progress", args=[carried.pk]), {"note": "x"}).status_code == 403

    # The next meeting of the series opens with the open decision of the last.
    meeting.status = Meeting.Status.HELD
    meeting.save()
    next_meeting = following.first()
    assert [d.pk for d in queries.carried_decisions(next_meeting)] == [carried.pk]
    page = login(province.staff).get(reverse("meetings:detail", args=[next_meeting.pk])).content.decode()
    assert "Tabela yenilenecek" in page

    # The activity figures count the meeting held and the decision closed.
    start = timezone.localdate().replace(day=1, month=1)
    end = start.replace(year=start.year + 1)
    totals = {figure.key: total for figure, _series, total in activity.collect(province.directorate, start, end)}
    assert totals["meetings.decisions_closed"] == 1
    assert totals["meetings.held"] >= 0
