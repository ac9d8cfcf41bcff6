import pytest
from django.urls import reverse

from pressdesk.organizations.models import Organization, OrganizationKind

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "name": "Gebze Fatih Devlet Hastanesi",
        "short_name": "Gebze FDH",
        "code": "gebze-fdh",
        "kind": OrganizationKind.HOSPITAL,
        "parent": "",
        "province": "Kocaeli",
        "detsis_no": "12345678",
        "email": "basin@gebzefdh.example.gov.tr",
        "phone": "0262 000 00 00",
        "address": "Gebze",
        "website": "",
    }
    data.update(overrides)
    return data


def test_admin_creates_an_organization_under_its_parent(province, login):
    client = login(province.admin)
    response = client.post(reverse("organizations:create"), _data(parent=province.directorate.pk))

    org = Organization.objects.get(code="gebze-fdh")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#org-{org.pk}")
    assert org.parent == province.directorate
    assert org.path.startswith(province.directorate.path)
    assert org.depth == province.directorate.depth + 1

    listing = client.get(reverse("organizations:list")).content.decode()
    assert listing.index("Kocaeli İl Sağlık Müdürlüğü") < listing.index("Gebze Fatih Devlet Hastanesi")
    assert f'id="org-{org.pk}"' in listing


def test_top_level_organization_has_its_own_root_path(province, login):
    login(province.admin).post(reverse("organizations:create"), _data(kind=OrganizationKind.MEDIA_OUTLET))
    org = Organization.objects.get(code="gebze-fdh")
    assert org.parent is None
    assert org.depth == 0
    assert org.path == f"{org.pk:08d}/"


def test_bad_input_is_shown_next_to_the_fields_and_typed_values_are_kept(province, login):
    response = login(province.admin).post(
        reverse("organizations:create"),
        _data(name="", code="not a slug!", email="not-an-email", short_name="Kept short name"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "code", "email"}
    assert 'value="Kept short name"' in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert not Organization.objects.filter(short_name="Kept short name").exists()


def test_duplicate_code_is_refused(province, login):
    response = login(province.admin).post(reverse("organizations:create"), _data(code=province.hospital.code))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_parent_select_shows_the_tree_indented(province, login):
    body = login(province.admin).get(reverse("organizations:create")).content.decode()
    unit_option = body[body.index(f'value="{province.unit.pk}"') :]
    # The unit is two levels below the directorate: 8 non-breaking spaces.
    assert unit_option.split(">", 1)[1].startswith("\u00a0" * 8 + "Basın ve İletişim Birimi")


def test_admin_edits_an_organization(province, login):
    response = login(province.admin).post(
        reverse("organizations:edit", args=[province.hospital.pk]),
        _data(name="Kocaeli Şehir Hastanesi Başhekimliği", code="sehir", parent=province.directorate.pk),
    )
    assert response.status_code == 302
    province.hospital.refresh_from_db()
    assert province.hospital.name == "Kocaeli Şehir Hastanesi Başhekimliği"
    assert province.hospital.parent == province.directorate
