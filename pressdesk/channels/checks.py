"""``manage.py check --deploy``: production must set its own credentials key."""

from __future__ import annotations

from typing import Any

from django.core import checks


def credentials_key_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from pressdesk.channels.crypto import uses_derived_key

    if uses_derived_key():
        return [
            checks.Warning(
                "PRESSDESK_CREDENTIALS_KEY is not set: channel tokens are encrypted with a key derived from "
                "SECRET_KEY. Set a Fernet key of its own (see docs/channels.md).",
                id="channels.W001",
            )
        ]
    return []


def register() -> None:
    checks.register(credentials_key_configured, checks.Tags.security, deploy=True)
