"""The per-user iCal feed: a secret address (stored hashed) that a calendar application reads without
a session; a new address stops the old one; an unknown one is 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pressdesk.meetings.models import CalendarFeed

pytestmark = pytest.mark.django_db


def test_the_feed_address_opens_the_agenda_without_a_session(province, plan, login):
    plan(title="Yönetim kurulu")
    client = login(province.director)
    response = client.post(reverse("meetings:feed_settings"))
    address = response.context["address"]
    token = address.rsplit("/", 1)[-1].removesuffix(".ics")
    assert token not in CalendarFeed.objects.get(user=province.director).token_hash
    anonymous = Client()
    feed = anonymous.get(address)
    assert feed.status_code == 200 and b"SUMMARY:Y\xc3\xb6netim kurulu" in feed.content
    client.post(reverse("meetings:feed_settings"))  # renewed: the old address stops working
    assert anonymous.get(address).status_code == 404
    assert anonymous.get(reverse("meetings:feed", args=["yanlis"])).status_code == 404
