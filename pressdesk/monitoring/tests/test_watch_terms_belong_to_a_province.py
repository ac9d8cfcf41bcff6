"""A watch term belongs to one province: only that province's unit sees and edits it (issue 20, point 3)."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pressdesk.monitoring import actions
from pressdesk.monitoring.forms import ArchiveSearchForm, WatchTermForm
from pressdesk.monitoring.models import WatchTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(province):
    return actions.create_watch_term(
        actor=province.staff, name="Şehir Hastanesi", query='"Şehir Hastanesi"', organization=province.hospital
    )


@pytest.fixture
def other_term(province):
    return actions.create_watch_term(actor=province.outsider, name="Denizli Devlet", query='"Denizli Devlet"')


def test_a_new_term_belongs_to_its_creators_province(province, term, other_term):
    assert term.province == province.directorate
    assert other_term.province == province.other_directorate


def test_another_provinces_staff_cannot_open_or_move_a_term(province, term, login):
    client = login(province.outsider)
    url = reverse("monitoring:term_edit", args=[term.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"name": "Ele geçirildi", "query": "x", "organization": province.other_province_hospital.pk}
    )
    assert response.status_code == 404
    term.refresh_from_db()
    assert (term.name, term.organization, term.province) == (
        "Şehir Hastanesi",
        province.hospital,
        province.directorate,
    )


def test_the_action_refuses_another_provinces_term(province, term):
    with pytest.raises(PermissionDenied):
        actions.update_watch_term(actor=province.outsider, term=term, organization=province.other_province_hospital)


def test_lists_and_the_archive_filter_show_only_the_own_provinces_terms(province, term, other_term, login):
    page = login(province.outsider).get(reverse("monitoring:term_list")).content.decode()
    assert "Denizli Devlet" in page and "Şehir Hastanesi" not in page
    page = login(province.staff).get(reverse("monitoring:term_list")).content.decode()
    assert "Şehir Hastanesi" in page and "Denizli Devlet" not in page
    choices = ArchiveSearchForm(user=province.staff).fields["term"].queryset
    assert list(choices) == [term]
    assert set(ArchiveSearchForm(user=province.admin).fields["term"].queryset) == {term, other_term}


def test_institution_choices_are_limited_to_the_users_province(province, login):
    choices = set(WatchTermForm(user=province.staff).fields["organization"].queryset)
    assert province.hospital in choices
    assert province.other_province_hospital not in choices and province.other_directorate not in choices
    response = login(province.staff).post(
        reverse("monitoring:term_create"),
        {"name": "Başka il", "query": "hastane", "organization": province.other_province_hospital.pk},
    )
    assert response.status_code == 200 and response.context["form"].errors["organization"]
    assert not WatchTerm.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.create_watch_term(
            actor=province.staff, name="Başka il", query="hastane", organization=province.other_province_hospital
        )


def test_an_administrators_term_follows_its_institutions_province(province):
    term = actions.create_watch_term(
        actor=province.admin, name="Denizli DH", query="Denizli", organization=province.other_province_hospital
    )
    assert term.province == province.other_directorate
    actions.update_watch_term(actor=province.admin, term=term, organization=province.hospital)
    assert term.province == province.directorate


def test_existing_terms_are_given_a_province_by_the_migration(province):
    from importlib import import_module

    migration = import_module("pressdesk.monitoring.migrations.0013_watch_term_province")
    about_hospital = WatchTerm.objects.create(name="a", query="a", organization=province.other_province_hospital)
    by_outsider = WatchTerm.objects.create(name="b", query="b", created_by=province.outsider)
    by_staff = WatchTerm.objects.create(name="c", query="c", created_by=province.staff)
    orphan = WatchTerm.objects.create(name="d", query="d")
    migration.assign_provinces(apps, None)
    for term in (about_hospital, by_outsider, by_staff, orphan):
        term.refresh_from_db()
    assert about_hospital.province == province.other_directorate
    assert by_outsider.province == province.other_directorate
    assert by_staff.province == province.directorate
    assert orphan.province is None  # two provinces: nobody's but the administrators'
