"""A watch term whose query cannot be parsed is refused with the error next to the field."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import WatchTerm

pytestmark = pytest.mark.django_db


def test_unbalanced_parenthesis_shows_an_error(province, login):
    client = login(province.staff)
    response = client.post(reverse("monitoring:term_create"), {"name": "Bozuk", "query": "(Şehir AND Hastane"})
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in response.content.decode()
    assert response.context["form"].errors["query"]
    assert not WatchTerm.objects.exists()


def test_valid_query_is_saved_and_edited(province, login):
    client = login(province.staff)
    response = client.post(
        reverse("monitoring:term_create"), {"name": "Hastane", "query": '"Şehir Hastanesi"', "is_active": "on"}
    )
    assert response.status_code == 302
    term = WatchTerm.objects.get()
    assert term.created_by == province.staff
    response = client.post(reverse("monitoring:term_edit", args=[term.pk]), {"name": "Hastane", "query": "NEAR/x"})
    assert response.status_code == 200
    term.refresh_from_db()
    assert term.query == '"Şehir Hastanesi"'
