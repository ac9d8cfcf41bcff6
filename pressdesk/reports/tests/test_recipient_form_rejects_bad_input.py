"""The distribution list form: a user or an address, an institution of the province, at least one report."""

from django.urls import reverse

from pressdesk.reports.models import Recipient
from pressdesk.reports.tests.helpers import add_recipient


def test_needs_a_user_or_an_address(province, client, login):
    login(province.staff)
    response = client.post(
        reverse("reports:recipient_create"), {"name": "Kimse", "daily": "on", "organization": province.hospital.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Recipient.objects.exists()


def test_needs_at_least_one_report_kind(province, client, login):
    login(province.staff)
    response = client.post(
        reverse("reports:recipient_create"),
        {"email": "a@example.gov.tr", "organization": province.hospital.pk, "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_institution_of_another_province_is_refused(province, client, login):
    login(province.staff)
    response = client.post(
        reverse("reports:recipient_create"),
        {"email": "a@example.gov.tr", "organization": province.other_province_hospital.pk, "daily": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]


def test_user_recipient_takes_the_users_institution(province, client, login):
    login(province.staff)
    response = client.post(
        reverse("reports:recipient_create"),
        {"user": province.affiliate.pk, "only_own_institution": "on", "daily": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    recipient = Recipient.objects.get()
    assert recipient.organization == province.hospital
    assert recipient.address == province.affiliate.email


def test_remove_asks_first_then_removes(province, client, login):
    recipient = add_recipient(province, email="a@example.gov.tr")
    login(province.staff)
    url = reverse("reports:recipient_delete", args=[recipient.pk])
    assert client.get(url).status_code == 200
    assert Recipient.objects.exists()
    assert client.post(url).status_code == 302
    assert not Recipient.objects.exists()
