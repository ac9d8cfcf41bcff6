import pytest
from django.urls import reverse

from pressdesk.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_right_password_reaches_my_work(client, province):
    response = client.post(reverse("login"), {"username": "calisan", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("tasks:inbox")


def test_wrong_password_shows_turkish_error_and_keeps_username(client, province):
    response = client.post(reverse("login"), {"username": "calisan", "password": "yanlis"}, HTTP_ACCEPT_LANGUAGE="tr")
    assert response.status_code == 200
    body = response.content.decode()
    assert "kullanıcı adı ve parola" in body.lower() or "Lütfen doğru" in body
    assert 'value="calisan"' in body


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, province, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "calisan", "password": "yanlis"})
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": "calisan", "password": PASSWORD})
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_lockout_ends_after_the_cooloff(client, province, settings, time_machine):
    time_machine.move_to("2026-11-20 10:00 +03:00", tick=False)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "calisan", "password": "yanlis"})
    time_machine.move_to("2026-11-20 10:20 +03:00", tick=False)
    response = client.post(reverse("login"), {"username": "calisan", "password": PASSWORD})
    assert response.status_code == 302


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("tasks:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
