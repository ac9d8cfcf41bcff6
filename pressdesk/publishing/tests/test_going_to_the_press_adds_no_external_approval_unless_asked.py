"""A story e-mailed to the press needs only the director's signature unless the user asks for external approvals.

Issue 24 point 5: "goes to the press" used to add the Ministry's, General Directorate's and
Governorship's approval to every story. Now they are added only when the user ticks them on
the story, or when the process's row in the responsibility matrix asks for them.
"""

import pytest
from django.core import mail

from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.organizations.models import Process
from pressdesk.publishing import actions
from pressdesk.publishing.models import PressContact

pytestmark = pytest.mark.django_db


def _sign(province, flow):
    for user in (province.unit_head, province.chief, province.director):
        flow.refresh_from_db()
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()
    return flow


def test_the_press_gets_it_after_the_directors_signature(province, make_story, commit):
    PressContact.objects.create(name="Ayşe Muhabir", email="ayse@gazete.example", organization=province.directorate)
    story = make_story(goes_to_press=True)
    flow = _sign(province, actions.submit_for_approval(actor=province.staff, story=story))
    assert flow.status == ApprovalFlow.Status.APPROVED
    assert not flow.externals.exists()
    mail.outbox.clear()
    with commit():
        queued = actions.queue_press_mail(actor=province.staff, story=story)
    assert queued == 1
    assert [message.to for message in mail.outbox] == [["ayse@gazete.example"]]


def test_the_matrix_row_still_asks_for_them(province, make_story):
    Process.objects.filter(code="3.6").update(needs_external_approval=True)
    story = make_story(goes_to_press=True)
    flow = _sign(province, actions.submit_for_approval(actor=province.staff, story=story))
    assert flow.status == ApprovalFlow.Status.EXTERNAL
