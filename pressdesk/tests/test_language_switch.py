import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_interface_is_turkish_by_default(client, province):
    client.force_login(province.staff)
    body = client.get(reverse("tasks:inbox")).content.decode()
    assert 'lang="tr"' in body
    assert "İşlerim" in body


def test_user_switches_to_english_and_back(client, province):
    client.force_login(province.staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/my-work/"})
    body = client.get(reverse("tasks:inbox")).content.decode()
    assert 'lang="en"' in body
    assert "My work" in body
    client.post(reverse("set_language"), {"language": "tr", "next": "/my-work/"})
    assert "İşlerim" in client.get(reverse("tasks:inbox")).content.decode()
