"""``manage.py check --deploy``: the demo's endpoints must not be switched on in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


def demo_is_off(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if getattr(settings, "DEMO", False):
        return [
            checks.Error(
                "DEMO is on: the demo's local feed and unauthenticated webhook receiver are served under /demo/. "
                "Turn DEMO off in production.",
                id="accounts.E001",
            )
        ]
    return []


def register() -> None:
    checks.register(demo_is_off, checks.Tags.security, deploy=True)
