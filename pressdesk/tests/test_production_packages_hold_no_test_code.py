"""Fake servers and URL-walk policies live with the tests, not in the apps that are shipped."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps


def test_no_app_ships_fake_servers_or_url_policies() -> None:
    found = [
        f"{config.name}/{name}"
        for config in apps.get_app_configs()
        if config.name.startswith("pressdesk.")
        for name in ("testing.py", "url_policy.py")
        if (Path(config.path) / name).exists()
    ]
    assert found == []


def test_url_walk_still_reads_each_apps_policy_from_its_tests() -> None:
    from pressdesk.tests.test_url_permissions import POLICY

    for name in ("monitoring:clip_add", "channels:list", "workdays:list"):
        assert name in POLICY
