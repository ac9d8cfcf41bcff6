"""Typed helpers that read settings from the environment and fail loudly.

Each helper also honours a ``NAME_FILE`` variant: when it is set, the value
is read from that file (Docker/Kubernetes secrets), so secrets never need to
live in the process environment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


class ImproperlyConfiguredEnv(ValueError):
    """Raised when an environment variable holds a value of the wrong shape."""


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfiguredEnv(f"{name}_FILE points to an unreadable file: {exc}") from exc
    return os.environ.get(name)


def envstr(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def envbool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ImproperlyConfiguredEnv(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def envdict(name: str, default: dict[str, Any] | None = None) -> dict[str, Any]:
    """A JSON object (e.g. a storage backend's options); anything else is refused."""
    value = _raw(name)
    if value is None or value.strip() == "":
        return dict(default or {})
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name} must be a JSON object, got {value!r}") from exc
    if not isinstance(parsed, dict):
        raise ImproperlyConfiguredEnv(f"{name} must be a JSON object, got {value!r}")
    return parsed


# Secrets published in this repository's example files (and the usual
# placeholder spellings): a production start-up with one of them is refused.
KNOWN_EXAMPLE_SECRETS = frozenset(
    {
        "change-me-to-a-long-random-string-of-at-least-fifty-characters-0123456789",
        "suTzZIQ_SBL-D51-vJZaymZyRGcE4suZdFeRAVF9tKE=",
    }
)
_PLACEHOLDER_MARKS = ("change-me", "change_me", "changeme", "replace-me", "django-insecure-", "<", ">")


def is_placeholder_secret(value: str) -> bool:
    """True for a secret copied from an example file or left as a placeholder."""
    folded = value.strip().casefold()
    return value.strip() in KNOWN_EXAMPLE_SECRETS or any(mark in folded for mark in _PLACEHOLDER_MARKS)


def refuse_placeholder_secrets(secrets: dict[str, list[str]]) -> None:
    """Fail loudly when any of the named secrets is an example value or a placeholder."""
    for name, values in secrets.items():
        if any(is_placeholder_secret(value) for value in values):
            raise ImproperlyConfiguredEnv(
                f"{name} is an example or placeholder value; generate a secret of your own "
                "(see deploy/production.env.example) or set DEBUG=true for development"
            )
