import pytest
from django.core import mail

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.infonotes import actions
from pressdesk.infonotes.models import Case, CaseFile, Dispatch
from pressdesk.infonotes.tests.conftest import approve_flow, approved_case, pdf

pytestmark = pytest.mark.django_db


def test_a_later_edit_makes_a_new_version_and_never_changes_what_was_sent(
    province, story, django_capture_on_commit_callbacks
):
    case = approved_case(province, story)
    actions.send_note(actor=province.staff, case=case, targets=[actions.Target("ministry", "b@example.gov.tr")])
    first = Dispatch.objects.get()
    sent_content = dict(first.content)
    old_file = CaseFile.objects.get(case=case, purpose="note")

    actions.reopen_note(actor=province.staff, case=case, reason="Hasta sayısı düzeltilecek")
    case.refresh_from_db()
    assert case.status == Case.Status.WAITING_APPROVAL
    actions.edit_note(
        actor=province.staff,
        case=case,
        title="Düzeltilmiş bilgi notu",
        body="Ortalama bekleme süresi 22 dakikadır.",
        uploads=[pdf("yeni.pdf")],
        remove=[old_file.pk],
    )
    flow = approve_flow(province, actions.submit_note(actor=province.staff, case=case))
    assert flow.version == 2 and flow.status == ApprovalFlow.Status.APPROVED
    assert flow.versions.count() == 2

    first.refresh_from_db()
    assert first.content == sent_content and first.version == 1
    old_file.refresh_from_db()
    assert old_file.removed_at is not None and old_file.file  # the sent attachment is kept

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_note(actor=province.staff, case=case, targets=[actions.Target("ministry", "b@example.gov.tr")])
    second = Dispatch.objects.exclude(pk=first.pk).get()
    assert second.version == 2 and "22 dakikadır" in second.content["body"]
    assert [a[0] for a in mail.outbox[0].attachments] == ["yeni.pdf"]


def test_editing_is_refused_while_the_director_decides(province, story):
    from django.core.exceptions import ValidationError

    from pressdesk.infonotes.tests.conftest import answered_case

    case = answered_case(province, story)
    actions.submit_note(actor=province.staff, case=case)
    with pytest.raises(ValidationError):
        actions.edit_note(actor=province.staff, case=case, title="x", body="y")
