import re
from html import unescape

import pytest
from django.urls import reverse

from pressdesk.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _confirm_message(body, pk):
    form = body[body.index(reverse("organizations:toggle_active", args=[pk])) :]
    match = re.search(r'data-confirm="([^"]*)"', form[: form.index("</form>")])
    assert match, "the deactivate button must ask for confirmation"
    return unescape(match.group(1))


def test_deactivate_button_says_how_many_active_users_are_affected(province, login):
    UserFactory(username="hastane2", organization=province.hospital)
    UserFactory(username="eski", organization=province.hospital, is_active=False)
    client = login(province.admin)

    for url in [reverse("organizations:list"), reverse("organizations:edit", args=[province.hospital.pk])]:
        message = _confirm_message(client.get(url).content.decode(), province.hospital.pk)
        assert "Kocaeli Şehir Hastanesi" in message
        assert re.search(r"\b2\b", message), message


def test_deactivating_and_reactivating(province, login):
    client = login(province.admin)
    url = reverse("organizations:toggle_active", args=[province.hospital.pk])

    response = client.post(url, {"active": "false"})
    assert response.status_code == 302
    province.hospital.refresh_from_db()
    assert not province.hospital.is_active
    # Users are not touched: the admin decides about them separately.
    province.affiliate.refresh_from_db()
    assert province.affiliate.is_active

    # Submitting the same form twice does not flip it back.
    client.post(url, {"active": "false"})
    province.hospital.refresh_from_db()
    assert not province.hospital.is_active

    body = client.get(reverse("organizations:list")).content.decode()
    row = body[body.index(f'id="org-{province.hospital.pk}"') :]
    assert 'data-testid="activate"' in row[: row.index("</tr>")]

    client.post(url, {"active": "true"})
    province.hospital.refresh_from_db()
    assert province.hospital.is_active


def test_toggle_returns_to_a_safe_next_page_only(province, login):
    client = login(province.admin)
    url = reverse("organizations:toggle_active", args=[province.hospital.pk])
    edit_url = reverse("organizations:edit", args=[province.hospital.pk])

    assert client.post(url, {"active": "false", "next": edit_url})["Location"] == edit_url
    assert client.post(url, {"active": "true", "next": "https://evil.example/"})["Location"].startswith(
        reverse("organizations:list")
    )


def test_toggle_needs_post(province, login):
    response = login(province.admin).get(reverse("organizations:toggle_active", args=[province.hospital.pk]))
    assert response.status_code == 405
