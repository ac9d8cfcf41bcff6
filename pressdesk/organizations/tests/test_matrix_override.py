import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pressdesk.accounts.models import Role
from pressdesk.organizations import actions
from pressdesk.organizations.models import Process, Responsibility
from pressdesk.organizations.queries import responsibility_for

pytestmark = pytest.mark.django_db

ROLES = {
    "responsible_1": Role.UNIT_HEAD,
    "responsible_2": Role.STAFF,
    "responsible_3": "",
    "control_1": Role.UNIT_HEAD,
    "control_2": "",
    "control_3": Role.DIRECTOR,
}


def test_a_province_row_applies_to_that_province_only(province, login):
    process = Process.objects.get(code="1.1")
    response = login(province.admin).post(
        reverse("organizations:matrix_override", args=["1.1"]), {"organization": province.other_directorate.pk, **ROLES}
    )
    assert response.status_code == 302

    override = Responsibility.objects.get(process=process, organization=province.other_directorate)
    assert response["Location"].endswith(f"#row-{override.pk}")

    # Denizli and everything under it: the override (no chief's initial).
    for org in [province.other_directorate, province.other_province_hospital]:
        assert responsibility_for(process, org) == override
    assert override.controls() == [Role.UNIT_HEAD, Role.DIRECTOR]
    # Kocaeli, and a user without an organization: the default.
    default = Responsibility.objects.get(process=process, organization=None)
    for org in [province.directorate, province.unit, province.hospital, None]:
        assert responsibility_for(process, org) == default
    assert default.controls() == [Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR]


def test_process_page_shows_the_viewers_province_row(province, login, client):
    process = Process.objects.get(code="1.1")
    override = actions.create_responsibility_override(
        actor=province.admin, process=process, organization=province.other_directorate, control_2=""
    )
    response = login(province.outsider).get(reverse("organizations:process_detail", args=["1.1"]))
    assert response.context["line"].row == override
    client.force_login(province.staff)
    assert client.get(reverse("organizations:process_detail", args=["1.1"])).context["line"].row.organization is None


def test_override_form_starts_as_a_copy_of_the_default_and_offers_directorates_only(province, login):
    form = login(province.admin).get(reverse("organizations:matrix_override", args=["3.6"])).context["form"]
    assert form.initial["control_2"] == Role.CHIEF
    offered = set(form.fields["organization"].queryset)
    assert offered == {province.directorate, province.other_directorate}


def test_override_for_a_hospital_or_twice_is_refused(province, login):
    client = login(province.admin)
    url = reverse("organizations:matrix_override", args=["3.6"])

    response = client.post(url, {"organization": province.hospital.pk, **ROLES})
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors

    client.post(url, {"organization": province.directorate.pk, **ROLES})
    response = client.post(url, {"organization": province.directorate.pk, **ROLES})
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert Responsibility.objects.filter(process__code="3.6", organization=province.directorate).count() == 1

    with pytest.raises(ValidationError):
        actions.create_responsibility_override(
            actor=province.admin, process=Process.objects.get(code="3.6"), organization=province.hospital
        )


def test_deleting_a_province_row_restores_the_default(province, login):
    process = Process.objects.get(code="3.6")
    override = actions.create_responsibility_override(
        actor=province.admin, process=process, organization=province.directorate, control_2=""
    )
    client = login(province.admin)
    assert 'data-testid="matrix-row-3.6-ism"' in client.get(reverse("organizations:matrix")).content.decode()

    response = client.post(reverse("organizations:matrix_override_delete", args=[override.pk]))
    assert response.status_code == 302
    assert responsibility_for(process, province.unit).organization is None


def test_the_default_row_cannot_be_deleted(province, login):
    default = Responsibility.objects.get(process__code="3.6", organization=None)
    response = login(province.admin).post(reverse("organizations:matrix_override_delete", args=[default.pk]))
    assert response.status_code == 302
    assert Responsibility.objects.filter(pk=default.pk).exists()
