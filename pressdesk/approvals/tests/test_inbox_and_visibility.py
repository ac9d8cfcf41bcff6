import pytest
from django.urls import reverse

from pressdesk.approvals import actions
from pressdesk.lib import inbox

pytestmark = pytest.mark.django_db


def test_each_approver_sees_the_step_in_my_work_when_it_is_theirs(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    assert [i.title for i in inbox.items_for(province.unit_head)] == ["Bilgi notu talebi"]
    assert inbox.items_for(province.chief) == []
    chain.approve(flow, province.unit_head)
    assert [i.title for i in inbox.items_for(province.chief)] == ["Bilgi notu talebi"]
    assert inbox.count_for(province.unit_head) == 0


def test_returned_document_is_in_the_authors_inbox(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    chain.ret(flow, province.unit_head)
    assert [i.title for i in inbox.items_for(province.staff)] == ["Bilgi notu talebi"]


def test_outsiders_cannot_open_or_decide(province, letter, client):
    flow = actions.submit(actor=province.staff, target=letter)
    for outsider in (province.outsider, province.affiliate, province.requester, province.other_affiliate):
        client.force_login(outsider)
        assert client.get(reverse("approvals:detail", args=[flow.pk])).status_code == 404
        response = client.post(
            reverse("approvals:decide", args=[flow.pk]), {"decision": "approve", "seen_hash": flow.content_hash}
        )
        assert response.status_code == 404
    flow.refresh_from_db()
    assert flow.steps.get(order=1).status == "current"


def test_approver_reads_and_initials_through_the_page(province, letter, client):
    flow = actions.submit(actor=province.staff, target=letter)
    client.force_login(province.unit_head)
    page = client.get(reverse("approvals:detail", args=[flow.pk]))
    assert page.status_code == 200
    assert flow.content_hash in page.content.decode()
    response = client.post(
        reverse("approvals:decide", args=[flow.pk]), {"decision": "approve", "seen_hash": flow.content_hash}
    )
    assert response.status_code == 302
    assert flow.steps.get(order=1).decided_by == province.unit_head


def test_approval_list_query_count_is_constant(province, client, django_assert_max_num_queries):
    from pressdesk.testing.letters import make_letter

    client.force_login(province.unit_head)
    for _ in range(3):
        actions.submit(actor=province.staff, target=make_letter(province))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("approvals:list") + "?show=all")
    for _ in range(20):
        actions.submit(actor=province.staff, target=make_letter(province))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("approvals:list") + "?show=all")
