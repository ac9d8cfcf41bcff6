"""A letter can be changed only before it is submitted or after it is returned."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pressdesk.approvals import actions as approval_actions
from pressdesk.documents import actions

pytestmark = pytest.mark.django_db


def test_update_is_refused_while_the_letter_is_in_review(province, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=1)
    with pytest.raises(ValidationError, match="cannot be changed now"):
        actions.update_letter(actor=province.staff, letter=letter, subject="Değişmiş konu")
    letter.refresh_from_db()
    assert letter.subject == "Bilgi notu talebi"


def test_update_is_refused_after_approval(province, make_letter, approve):
    letter = make_letter()
    approve(letter)
    with pytest.raises(ValidationError):
        actions.update_letter(actor=province.staff, letter=letter, subject="Değişmiş konu")


def test_edit_page_sends_back_to_the_letter_while_in_review(province, client, login, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=1)
    login(province.staff)
    url = reverse("documents:edit", args=[letter.pk])
    response = client.post(url, {"subject": "Değişmiş konu"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("documents:detail", args=[letter.pk])
    assert "cannot be changed" in response.content.decode()
    letter.refresh_from_db()
    assert letter.subject == "Bilgi notu talebi"
    assert "documents:edit" not in response.content.decode()
    assert url not in response.content.decode()


def test_returned_letter_can_be_edited_again(province, make_letter, approve):
    letter = make_letter()
    flow = approve(letter, steps=0)
    approval_actions.decide(
        actor=province.unit_head,
        flow_id=flow.pk,
        approve=False,
        seen_hash=flow.content_hash,
        comment="Konuyu kısaltınız",
    )
    updated = actions.update_letter(actor=province.staff, letter=letter, subject="Kısa konu")
    assert updated.subject == "Kısa konu"


def test_draft_can_be_edited_by_the_author_and_the_unit_but_not_by_others(province, make_letter):
    letter = make_letter()
    actions.update_letter(actor=province.staff, letter=letter, subject="Yazar değiştirdi")
    actions.update_letter(actor=province.unit_head, letter=letter, subject="Birim sorumlusu değiştirdi")
    for outsider in (province.outsider, province.affiliate, province.requester):
        with pytest.raises(PermissionDenied):
            actions.update_letter(actor=outsider, letter=letter, subject="İzinsiz")
    letter.refresh_from_db()
    assert letter.subject == "Birim sorumlusu değiştirdi"


def test_edit_form_saves_a_draft(province, client, login, make_letter):
    letter = make_letter()
    login(province.staff)
    url = reverse("documents:edit", args=[letter.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data["subject"] = "Yeni konu"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    letter.refresh_from_db()
    assert letter.subject == "Yeni konu"
    assert letter.references == [
        "Bakanlığın 01.10.2026 tarihli ve E-123 sayılı yazısı",
        "Valiliğin 05.10.2026 tarihli yazısı",
    ]
