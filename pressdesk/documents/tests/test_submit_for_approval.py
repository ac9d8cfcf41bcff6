"""The author submits the letter into its paraf/imza chain from the letter page."""

import pytest
from django.urls import reverse

from pressdesk.approvals.actions import flow_for
from pressdesk.approvals.models import ApprovalFlow

pytestmark = pytest.mark.django_db


def test_author_submits_and_lands_on_the_approval_page(province, client, login, make_letter):
    letter = make_letter()
    login(province.staff)
    page = client.get(reverse("documents:detail", args=[letter.pk])).content.decode()
    assert reverse("documents:submit", args=[letter.pk]) in page
    response = client.post(reverse("documents:submit", args=[letter.pk]))
    flow = flow_for(letter)
    assert flow is not None
    assert flow.status == ApprovalFlow.Status.IN_REVIEW
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:detail", args=[flow.pk])
    page = client.get(reverse("documents:detail", args=[letter.pk])).content.decode()
    assert reverse("approvals:detail", args=[flow.pk]) in page
    assert reverse("documents:submit", args=[letter.pk]) not in page
    assert reverse("documents:edit", args=[letter.pk]) not in page


def test_submitting_twice_shows_the_reason(province, client, login, make_letter):
    letter = make_letter()
    login(province.staff)
    client.post(reverse("documents:submit", args=[letter.pk]))
    response = client.post(reverse("documents:submit", args=[letter.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("documents:detail", args=[letter.pk])
    assert "already in its approval chain" in response.content.decode()


def test_only_the_author_can_submit(province, client, login, make_letter):
    letter = make_letter()
    login(province.unit_head)
    response = client.post(reverse("documents:submit", args=[letter.pk]), follow=True)
    assert "Only the author can submit" in response.content.decode()
    assert flow_for(letter) is None
