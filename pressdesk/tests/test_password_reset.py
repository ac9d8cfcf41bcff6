import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_forgotten_password_is_reset_through_the_emailed_link(client, province, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "calisan@example.gov.tr"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["calisan@example.gov.tr"]
    link = re.search(r"http://[^\s]+/accounts/reset/[^\s]+/", mail.body).group(0)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Yeni.Parola.2026!", "new_password2": "Yeni.Parola.2026!"})
    assert response.status_code == 302
    response = client.post(reverse("login"), {"username": "calisan", "password": "Yeni.Parola.2026!"})
    assert response.status_code == 302
    assert response.url == reverse("tasks:inbox")


def test_unknown_email_reveals_nothing(client, province, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "kimse@example.gov.tr"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_used_link_shows_a_clear_page(client, province, mailoutbox):
    client.post(reverse("password_reset"), {"email": "calisan@example.gov.tr"})
    path = re.search(r"/accounts/reset/[^\s]+/", mailoutbox[0].body).group(0)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Yeni.Parola.2026!", "new_password2": "Yeni.Parola.2026!"})
    client.logout()
    response = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="tr")
    assert "geçerli değil" in response.content.decode()
