"""The registry of notification kinds a user can receive, each with default channels.

Each app registers its own kinds in its ``AppConfig.ready()`` (one registry, so
the preferences page shows them all, in the order of ``INSTALLED_APPS``); this
module imports no business app. ``email`` is the default for the e-mail
channel; in-app is on by default.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    email: bool = True


# Filled by register(); read them through these names, never copy them at import time.
KINDS: list[Kind] = []
KIND_BY_CODE: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Add ``kinds``; registering the same kind again is a no-op, another kind under a taken code an error."""
    for kind in kinds:
        existing = KIND_BY_CODE.get(kind.code)
        if existing == kind:
            continue
        if existing is not None:
            raise ValueError(f"notification kind {kind.code!r} is already registered")
        KINDS.append(kind)
        KIND_BY_CODE[kind.code] = kind


def choices() -> list[tuple[str, str | Promise]]:
    """The field choices (a callable, so that kinds registered in ``ready()`` need no migration)."""
    return [(kind.code, kind.label) for kind in KINDS]
