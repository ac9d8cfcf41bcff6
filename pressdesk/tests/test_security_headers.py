"""Every response carries the Content-Security-Policy and the Permissions-Policy; templates need no inline script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from pressdesk.reports.tests.helpers import daily_report

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[1]


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_pages_carry_a_strict_content_security_policy(client, province, login):
    for response in (client.get(reverse("login")), login(province.staff).get(reverse("tasks:inbox"))):
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["style-src-elem"] == ["'self'"]
        assert not [value for values in policy.values() for value in values if "eval" in value]


def test_pages_switch_off_unused_browser_features(client, db):
    header = client.get(reverse("login"))["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in header


def test_public_newsroom_carries_the_policies(client, db):
    response = client.get(reverse("newsroom:index"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_only_the_report_preview_may_be_framed_and_only_by_its_own_page(province, login):
    client = login(province.staff)
    report = daily_report(province)
    preview = client.get(reverse("reports:report_preview", args=[report.pk]))
    assert preview.status_code == 200
    assert directives(preview["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_no_template_has_inline_scripts_handlers_or_javascript_urls():
    offenders = []
    for path in PACKAGE.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_HANDLER, INLINE_SCRIPT, JAVASCRIPT_URL):
            offenders += [f"{path.relative_to(PACKAGE)}: {match.group(0)[:80]}" for match in pattern.finditer(text)]
    assert offenders == []
