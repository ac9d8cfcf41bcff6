"""Every menu link a user is shown opens for them (issue 23, defect 6).

The navigation bar of each role's home page is read and each link followed:
a link that would answer 403 or 404 must not be in that role's menu.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAV = re.compile(r"<nav\b.*?</nav>", re.S)
HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.mark.parametrize("role", ["staff", "unit_head", "chief", "director", "affiliate", "requester", "admin"])
def test_every_menu_link_opens_for_the_role(province, client, role):
    user = getattr(province, role)
    client.force_login(user)
    page = client.get(reverse("tasks:inbox")).content.decode()
    links = sorted({href for nav in NAV.findall(page) for href in HREF.findall(nav)})
    assert links, "no menu found"
    refused = []
    for href in links:
        if href.startswith(("/static/", reverse("logout"))):
            continue
        status = client.get(href).status_code
        if status not in (200, 302):
            refused.append(f"{href} → {status}")
    assert not refused, f"{role} sees links it may not open: {refused}"


def test_a_refusal_is_logged_without_a_traceback(province, client, caplog):
    import logging

    from pressdesk.lib.logfilters import RefusalWithoutTraceback

    client.force_login(province.staff)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("approvals:deputies")).status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    for record in records:
        RefusalWithoutTraceback().filter(record)
        assert record.exc_info is None and "Forbidden" in record.getMessage()
    formatted = logging.Formatter().format(records[0])
    assert "Traceback" not in formatted
