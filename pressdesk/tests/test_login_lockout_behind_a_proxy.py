"""Behind a reverse proxy the lock-out keys on the real client address, which a client cannot forge."""

import pytest
from django.urls import reverse

from pressdesk.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.5"
VICTIM = "198.51.100.7"


def post_login(client, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": "calisan", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_user_elsewhere(client, province, settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "yanlis", ATTACKER)
    assert post_login(client, PASSWORD, ATTACKER).status_code == 429
    assert post_login(client, PASSWORD, VICTIM).status_code == 302


def test_a_forged_forwarded_address_neither_locks_out_its_owner_nor_evades_the_lock(client, province, settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker claims to be the victim (and a new address each time); the proxy appends the real one.
        post_login(client, "yanlis", f"{VICTIM}, 192.0.2.{n}, {ATTACKER}")
    assert post_login(client, PASSWORD, f"192.0.2.99, {ATTACKER}").status_code == 429
    assert post_login(client, PASSWORD, VICTIM).status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, province, settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "yanlis", f"192.0.2.{n}")
    assert post_login(client, PASSWORD, VICTIM).status_code == 429
