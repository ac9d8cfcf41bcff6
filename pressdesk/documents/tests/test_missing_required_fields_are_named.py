"""A letter with missing required fields is refused with the fields named, and nothing is saved or generated."""

import pytest
from django.urls import reverse

from pressdesk.documents.models import Letter
from pressdesk.documents.rendering import IncompleteLetter, render_docx
from pressdesk.organizations.models import Process

pytestmark = pytest.mark.django_db


def _post_data(province, **overrides):
    data = {
        "kind": "other",
        "process": "",
        "header_institution": "KOCAELİ VALİLİĞİ",
        "header_unit": "İl Sağlık Müdürlüğü",
        "channel": "E",
        "detsis_no": "12345678",
        "file_plan_code": "010.06.02",
        "date": "2026-11-20",
        "urgency": "",
        "subject": "Bilgi notu talebi",
        "addressee": "Sağlık Bakanlığına",
        "addressee_unit": "",
        "references": "",
        "body": "Gereğini arz ederim.",
        "closing": "arz ederim",
        "signer": province.director.pk,
        "signer_title": "İl Sağlık Müdürü",
        "signing_mode": "",
        "delegated_by": "",
        "attachments": "",
        "distribution_action": "",
        "distribution_info": "",
    }
    data.update(overrides)
    return data


def test_missing_fields_are_listed_and_shown_next_to_each_field(province, client, login, sender):
    login(province.staff)
    data = _post_data(province, subject="", addressee="", body="", process="")
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    for field in ("subject", "addressee", "body", "process"):
        assert "This field is required." in form.errors[field]
    summary = " ".join(form.non_field_errors())
    assert "These required fields are missing" in summary
    for label in ("Subject (Konu)", "Addressee (muhatap)", "Body", "Process"):
        assert label in summary
    assert "These required fields are missing" in response.content.decode()
    assert not Letter.objects.exists()


def test_complete_form_saves_a_draft_with_lists_one_per_line(province, client, login, sender):
    login(province.staff)
    process = Process.objects.get(code="3.2")
    data = _post_data(
        province,
        process=process.pk,
        references="Bakanlığın yazısı.\n\n  Valiliğin yazısı.  \n",
        attachments="Haber metni",
        distribution_action="Kocaeli Şehir Hastanesi\nDerince EAH",
    )
    response = client.post(reverse("documents:create"), data)
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", args=[letter.pk])
    assert letter.references == ["Bakanlığın yazısı.", "Valiliğin yazısı."]
    assert letter.attachments == ["Haber metni"]
    assert letter.distribution_action == ["Kocaeli Şehir Hastanesi", "Derince EAH"]
    assert letter.created_by == province.staff
    assert letter.organization == province.unit


def test_a_letter_lacking_required_parts_cannot_be_generated(make_letter):
    content = make_letter().approval_content()
    content.update(subject="", addressee="  ")
    with pytest.raises(IncompleteLetter) as error:
        render_docx(content)
    assert error.value.missing == ["subject", "addressee"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject": "Bilgi notu talebi."}, "subject", "must not end with a full stop"),
        ({"subject": "Ş" * 61}, "subject", "keep it to 60"),
        ({"signing_mode": "a.", "delegated_by": ""}, "delegated_by", "on whose behalf"),
        ({"body": "Gereğini rica ederim.", "closing": "arz ederim"}, "closing", "Make them agree"),
    ],
)
def test_layout_rules_are_checked_next_to_the_field(province, client, login, sender, overrides, field, message):
    login(province.staff)
    data = _post_data(province, process=Process.objects.get(code="3.2").pk, **overrides)
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Letter.objects.exists()
