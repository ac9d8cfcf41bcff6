"""The press unit and its line of command write letters; affiliated press officers and requesters get 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pressdesk.documents import actions
from pressdesk.documents.models import Letter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["affiliate", "requester"])
def test_non_unit_roles_get_403(province, client, login, who):
    login(getattr(province, who))
    assert client.get(reverse("documents:create")).status_code == 403
    assert client.post(reverse("documents:create"), {"subject": "İzinsiz"}).status_code == 403
    assert not Letter.objects.exists()


@pytest.mark.parametrize("who", ["affiliate", "requester"])
def test_the_action_refuses_them_too(province, make_letter, who):
    with pytest.raises(PermissionDenied):
        make_letter(actor=getattr(province, who))


@pytest.mark.parametrize("who", ["staff", "unit_head", "chief", "director", "admin"])
def test_unit_roles_may_open_the_form(province, client, login, who):
    login(getattr(province, who))
    assert client.get(reverse("documents:create")).status_code == 200


def test_list_shows_the_new_letter_button_only_to_writers(province, client, login):
    login(province.staff)
    assert reverse("documents:create") in client.get(reverse("documents:list")).content.decode()
    login(province.requester)
    assert reverse("documents:create") not in client.get(reverse("documents:list")).content.decode()


def test_process_and_kind_in_the_address_prefill_the_form(province, client, login, sender):
    login(province.staff)
    response = client.get(reverse("documents:create"), {"process": "3.2", "kind": "info_note_request"})
    form = response.context["form"]
    assert form["process"].value() == actions.Process.objects.get(code="3.2").pk
    assert form["kind"].value() == "info_note_request"
    assert form["header_institution"].value() == "KOCAELİ VALİLİĞİ"
    assert form["header_unit"].value() == "İl Sağlık Müdürlüğü"
    assert form["detsis_no"].value() == "12345678"
    assert form["signer"].value() == province.director.pk
    assert form["signer_title"].value() == "İl Sağlık Müdürü"
    assert form["info_person"].value() == "Ayşe Yılmaz"
    assert form["closing"].value() == "rica ederim"
    assert form["contact_email"].value() == "kocaeliism@saglik.gov.tr"
