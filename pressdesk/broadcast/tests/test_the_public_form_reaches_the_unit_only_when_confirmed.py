"""The public request form (issue 27): rate-limited, no account, confirmed by e-mail before the unit sees it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pressdesk.broadcast.models import BroadcastRequest, PublicRequest

pytestmark = pytest.mark.django_db


def _data(province, **extra):
    data = {
        "province": province.directorate.pk,
        "outlet_name": "Körfez TV",
        "programme": "Gündem Özel",
        "kind": "filming",
        "topic": "Acil servis\x07 çekimi",
        "starts_at": (timezone.localtime() + datetime.timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 30,
        "requester_name": "Selin Yapım",
        "requester_email": "selin@yapim.example",
    }
    data.update(extra)
    return data


def test_a_public_request_is_confirmed_by_e_mail_and_then_taken_over_by_the_unit(
    province, client, django_capture_on_commit_callbacks
):
    users = get_user_model().objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("broadcast:public_form"), _data(province))
    assert response.status_code == 200
    page = response.content.decode()
    assert "selin@yapim.example" in page and "Gündem Özel" not in page  # only its own confirmation
    assert get_user_model().objects.count() == users  # no account
    public = PublicRequest.objects.get()
    assert public.topic == "Acil servis çekimi" and public.confirmed_at is None
    staff = client.__class__()
    staff.force_login(province.staff)
    assert "Gündem Özel" not in staff.get(reverse("broadcast:list")).content.decode()
    [message] = mail.outbox
    link = re.search(r"http\S+/request/confirm/\S+/", message.body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert client.get(reverse("broadcast:public_confirm", args=[token])).status_code == 200
    assert client.get(reverse("broadcast:public_confirm", args=["sahte"])).status_code == 404
    page = staff.get(reverse("broadcast:list")).content.decode()
    assert "Gündem Özel" in page
    form = staff.get(reverse("broadcast:create") + f"?from={public.pk}").content.decode()
    assert 'value="Körfez TV"' in form
    other = client.__class__()
    other.force_login(province.outsider)  # another province's staff
    assert other.get(reverse("broadcast:create") + f"?from={public.pk}").status_code == 404
    response = staff.post(
        reverse("broadcast:create") + f"?from={public.pk}",
        {
            "new_outlet": "Körfez TV",
            "new_outlet_kind": "tv",
            "programme": "Gündem Özel",
            "kind": "filming",
            "topic": "Acil servis çekimi",
            "starts_at": _data(province)["starts_at"],
            "duration_minutes": 30,
            "guest": province.staff2.pk,
        },
    )
    assert response.status_code == 302
    public.refresh_from_db()
    assert public.request == BroadcastRequest.objects.get()
    assert "Gündem Özel" not in staff.get(reverse("broadcast:list")).content.decode().split("broadcast-row")[0]


def test_the_public_form_is_limited_per_e_mail_and_per_address(province, client, settings):
    for _n in range(3):
        assert client.post(reverse("broadcast:public_form"), _data(province)).status_code == 200
    page = client.post(reverse("broadcast:public_form"), _data(province)).content.decode()
    assert "Bu e-posta adresinden bugün çok fazla talep" in page
    assert PublicRequest.objects.count() == 3
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "broadcast-public": (1, 3600)}
    from django.core.cache import cache

    cache.clear()
    assert client.get(reverse("broadcast:public_form")).status_code == 200
    assert client.get(reverse("broadcast:public_form")).status_code == 429


def test_a_past_date_is_refused_on_the_public_form(province, client):
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(reverse("broadcast:public_form"), _data(province, starts_at=past)).content.decode()
    assert "geçmiş" in page and PublicRequest.objects.count() == 0
