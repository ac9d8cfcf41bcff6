"""How a module declares that its model is approvable.

A model is approvable when it has ``organization`` and ``created_by`` fields,
a class attribute ``approval_process_code`` (the default process, e.g.
"3.10"), and the methods ``approval_title()`` and ``approval_content()``
(a JSON-serialisable dict of everything an approver approves: texts, the
names and hashes of files). It registers itself in its AppConfig.ready():

    approvals.registry.register(Letter, visible_to=letters_visible_to,
                                preview_template="documents/_letter_preview.html")

The preview template renders one frozen version: it receives ``content`` (the
dict as approved) and ``target`` (the live object, for links only).

A module that must act when a document of another (or its own) module is fully
approved registers a listener, called inside the transaction that completes the
flow (side effects through the outbox or ``transaction.on_commit``):

    approvals.registry.on_approved(Letter, meetings.actions.letter_approved)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class ApprovableSpec:
    model: type[Model]
    visible_to: Callable[[Any], QuerySet[Any]]
    preview_template: str


_specs: dict[type[Model], ApprovableSpec] = {}


def register(model: type[Model], *, visible_to: Callable[[Any], QuerySet[Any]], preview_template: str) -> None:
    _specs[model] = ApprovableSpec(model, visible_to, preview_template)


_approved_listeners: dict[type[Model], list[Callable[[Any], None]]] = {}


def on_approved(model: type[Model], listener: Callable[[Any], None]) -> None:
    """Call ``listener(target)`` when a flow of a ``model`` instance completes (once per listener)."""
    listeners = _approved_listeners.setdefault(model, [])
    if listener not in listeners:
        listeners.append(listener)


def approved_listeners(model: type[Model]) -> list[Callable[[Any], None]]:
    return list(_approved_listeners.get(model, ()))


def spec_for(model: type[Model]) -> ApprovableSpec:
    try:
        return _specs[model]
    except KeyError as exc:
        raise LookupError(f"{model.__name__} is not registered as approvable") from exc


def content_hash(content: dict[str, Any]) -> str:
    """A stable SHA-256 of the content (key order and Unicode form do not matter)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
