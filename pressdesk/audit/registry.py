"""Which records a user may see the history of.

Each app registers, for every audited model, the function that returns the
queryset of that model visible to a user (the same function its own views
use). The history view asks it before showing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

VisibleFn = Callable[[Any], QuerySet[Any]]
_registry: dict[type[Model], VisibleFn] = {}


def register_visibility(model: type[Model], visible_to: VisibleFn) -> None:
    _registry[model] = visible_to


def visible_queryset(model: type[Model], user: Any) -> QuerySet[Any] | None:
    fn = _registry.get(model)
    return None if fn is None else fn(user)


def registered_models() -> list[type[Model]]:
    return list(_registry)
