"""Anyone can send forged approval links: they are rate-limited per address and do not write a row each."""

import pytest
from django.urls import reverse

from pressdesk.approvals.models import ExternalLinkAccess

pytestmark = pytest.mark.django_db


def test_twenty_forged_link_requests_write_one_row(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "approval-link": (100, 60)}
    for n in range(20):
        response = client.get(reverse("approvals:external", args=[f"uydurma-{n}"]), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 404
    assert ExternalLinkAccess.objects.filter(outcome="forged").count() == 1


def test_the_link_answers_429_in_turkish_past_the_limit(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "approval-link": (5, 60)}
    statuses = [
        client.get(reverse("approvals:external", args=[f"uydurma-{n}"]), REMOTE_ADDR="203.0.113.8").status_code
        for n in range(8)
    ]
    assert statuses == [404] * 5 + [429] * 3
    response = client.get(reverse("approvals:external", args=["uydurma"]), REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Çok fazla istek" in response.content.decode()
    other = client.get(reverse("approvals:external", args=["uydurma"]), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 404  # another address has its own budget


def test_behind_a_trusted_proxy_the_limit_follows_the_real_client(client, settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "approval-link": (3, 60)}
    url = reverse("approvals:external", args=["uydurma"])
    for n in range(3):
        # The left part is written by the client: changing it does not buy a new budget.
        forwarded = f"10.0.0.{n}, 198.51.100.4"
        assert client.get(url, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded).status_code == 404
    assert client.get(url, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.4").status_code == 429
    assert client.get(url, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.5").status_code == 404
    assert ExternalLinkAccess.objects.filter(outcome="forged", ip_address="198.51.100.4").count() == 1
