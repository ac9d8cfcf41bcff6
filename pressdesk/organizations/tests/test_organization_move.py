import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from pressdesk.organizations import actions
from pressdesk.organizations.forms import OrganizationForm
from pressdesk.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _form_data(org, **overrides):
    data = {name: getattr(org, name) or "" for name in OrganizationForm.Meta.fields if name != "parent"}
    data["parent"] = org.parent_id or ""
    data.update(overrides)
    return data


def test_moving_an_organization_moves_its_subtree(province, login):
    # pdhb (with the unit below it) moves from the directorate to the ministry.
    response = login(province.admin).post(
        reverse("organizations:edit", args=[province.presidency.pk]),
        _form_data(province.presidency, parent=province.ministry.pk),
    )

    assert response.status_code == 302
    presidency = Organization.objects.get(pk=province.presidency.pk)
    unit = Organization.objects.get(pk=province.unit.pk)
    assert presidency.parent == province.ministry
    assert presidency.path == province.ministry.path + f"{presidency.pk:08d}/"
    assert presidency.depth == 1
    assert unit.path == presidency.path + f"{unit.pk:08d}/"
    assert unit.depth == 2
    # Siblings stay where they were.
    hospital = Organization.objects.get(pk=province.hospital.pk)
    assert hospital.path == province.directorate.path + f"{hospital.pk:08d}/"


def test_moving_under_its_own_sub_unit_is_refused_on_the_form(province, login):
    before = {org.pk: (org.path, org.depth, org.parent_id) for org in Organization.objects.all()}

    response = login(province.admin).post(
        reverse("organizations:edit", args=[province.directorate.pk]),
        _form_data(province.directorate, parent=province.unit.pk, name="Changed name"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["parent"]
    assert escape(errors["parent"][0]) in response.content.decode()
    assert {org.pk: (org.path, org.depth, org.parent_id) for org in Organization.objects.all()} == before
    assert Organization.objects.get(pk=province.directorate.pk).name == "Kocaeli İl Sağlık Müdürlüğü"


def test_moving_under_itself_is_refused_on_the_form(province, login):
    response = login(province.admin).post(
        reverse("organizations:edit", args=[province.unit.pk]),
        _form_data(province.unit, parent=province.unit.pk),
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_the_action_refuses_a_cycle_too(province):
    with pytest.raises(ValidationError) as excinfo:
        actions.update_organization(actor=province.admin, organization=province.directorate, parent=province.unit)
    assert "parent" in excinfo.value.message_dict
    province.directorate.refresh_from_db()
    assert province.directorate.parent is None
