from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pressdesk.mediarelations import actions, queries


def test_hospital_officer_sees_own_contacts_and_shared_ones_only(province, contacts):
    own = actions.create_contact(actor=province.affiliate, name="Hastane Muhabiri", email="h@example.com")
    assert own.organization == province.hospital
    visible = set(queries.contacts_visible_to(province.affiliate))
    assert visible == {own}
    actions.update_contact(actor=province.staff, contact=contacts[0], shared=True)
    assert set(queries.contacts_visible_to(province.affiliate)) == {own, contacts[0]}
    # Shared is read-only for the hospital: it cannot edit or erase the unit's contact.
    with pytest.raises(PermissionDenied):
        actions.update_contact(actor=province.affiliate, contact=contacts[0], beat="x")
    assert own in set(queries.contacts_visible_to(province.staff))


def test_another_province_sees_nothing(province, contacts, client):
    outsider = province.outsider
    assert not queries.contacts_visible_to(outsider).exists()
    client.force_login(outsider)
    assert client.get(reverse("mediarelations:contact", args=[contacts[0].pk])).status_code == 404
    response = client.get(reverse("mediarelations:contacts"))
    assert response.status_code == 200 and "Gündoğdu" not in response.content.decode()


def test_requester_is_refused(province, contacts, client):
    client.force_login(province.requester)
    assert client.get(reverse("mediarelations:contacts")).status_code == 403


def test_director_sees_names_but_not_personal_fields(province, contacts, client):
    client.force_login(province.director)
    page = client.get(reverse("mediarelations:contact", args=[contacts[0].pk])).content.decode()
    assert "Ayşe Gündoğdu" in page and "ayse@kocaeligazetesi.example" not in page and "+90532" not in page
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:contact", args=[contacts[0].pk])).content.decode()
    assert "ayse@kocaeligazetesi.example" in page


def test_contact_list_has_a_constant_query_count(province, contacts, client, django_assert_max_num_queries):
    client.force_login(province.staff)
    client.get(reverse("mediarelations:contacts"))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("mediarelations:contacts"))
    assert response.status_code == 200
