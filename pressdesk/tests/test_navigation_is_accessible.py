"""The navigation bar's accessible names and the browser's favicon request (issue 23, defects 9 and 11).

The page-wide axe-core run is ``browser/test_pages_are_accessible.py``; these are the
points axe does not enforce by default (``label-content-name-mismatch`` is experimental).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _bell(html: str) -> str:
    found = re.search(r'<a [^>]*href="/notifications/"[^>]*>.*?</a>', html, re.S)
    assert found, "no notifications link in the navigation"
    return found.group()


def test_the_bells_name_says_how_many_are_unread(province, login):
    for title in ("Bir", "İki"):
        Notification.objects.create(recipient=province.staff, kind="task_assigned", title=title)
    bell = _bell(login(province.staff).get(reverse("tasks:inbox")).content.decode())
    # No aria-label: it would replace the visible count as the link's name.
    assert "aria-label" not in bell
    text = re.sub(r"<[^>]+>", " ", bell)
    assert "Bildirimler" in text and "2" in text and "okunmamış" in text


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
