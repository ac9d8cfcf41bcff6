"""A log entry's changes as people read them: Turkish labels, readable values, nothing for empty-to-empty.

django-auditlog stores each change as two strings (``"None"``, ``"[]"``, JSON
with ``\\u0131`` escapes, ISO date-times in UTC, primary keys). This module turns
them into ``Change`` rows: the field's label (its translated verbose name; a
generated one such as ``created at`` goes through the catalogue too), the old and
new value shown as a person would write them (choices by label, yes/no, local
date-times, related records by name, lists joined), and internal fields such as
hashes and tokens left out.
"""

from __future__ import annotations

import ast
import datetime
import json
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from pressdesk.lib.capitalisation import capitalise

EMPTY = "—"
#: Stored forms of "nothing".
_EMPTY_VALUES = {"", "None", "[]", "{}", "null", "()"}
#: Bookkeeping fields nobody needs to read in a history.
HIDDEN_FIELDS = {"id", "password", "path", "depth", "sort_key", "search_vector"}
_HIDDEN_SUFFIXES = ("_hash", "token", "_secret", "_encrypted")


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _hidden(name: str) -> bool:
    return name in HIDDEN_FIELDS or name.endswith(_HIDDEN_SUFFIXES)


def _label(field: Any, name: str) -> str:
    verbose = getattr(field, "verbose_name", None) or name.replace("_", " ")
    # A translated verbose name is already Turkish; a generated one ("created at") is looked up.
    return capitalise(_(str(verbose)) if isinstance(verbose, str) else str(verbose))


def _parse_structured(text: str) -> Any:
    if text[:1] not in "[{(":
        return text
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    return text


def _readable(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (list, tuple)):
        return ", ".join(_readable(item) for item in value) or EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_readable(item)}" for key, item in value.items()) or EMPTY
    return str(value)


def _datetime(text: str, kind: str) -> str | None:
    if kind == "DateField":
        day = parse_date(text[:10])
        return formats.date_format(day, "d.m.Y") if day else None
    moment = parse_datetime(text)
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return formats.date_format(timezone.localtime(moment), "d.m.Y H:i")


class _Related:
    """Related records' names, read once per (model, key) for the page."""

    def __init__(self) -> None:
        self._names: dict[tuple[Any, str], str] = {}

    def name(self, field: models.ForeignKey[Any, Any], text: str) -> str:
        model: Any = field.related_model
        key = (model, text)
        if key not in self._names:
            try:
                found = model._default_manager.filter(pk=model._meta.pk.to_python(text)).first()
            except (ValueError, TypeError, ValidationError):  # a stale or malformed key is shown as written
                found = None
            self._names[key] = str(found) if found is not None else f"#{text}"
        return self._names[key]


def _value(field: Any, raw: Any, related: _Related) -> str:
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
    if text.strip() in _EMPTY_VALUES:
        return EMPTY
    choices = getattr(field, "flatchoices", None) or getattr(getattr(field, "base_field", None), "flatchoices", None)
    parsed = _parse_structured(text)
    if choices:
        labels = {str(key): str(label) for key, label in choices}
        items = parsed if isinstance(parsed, (list, tuple)) else [text]
        return ", ".join(labels.get(str(item), str(item)) for item in items) or EMPTY
    kind = field.get_internal_type() if hasattr(field, "get_internal_type") else ""
    if kind == "BooleanField" or text in {"True", "False"}:
        return _("Yes") if text in {"True", "true", "1"} else _("No")
    if kind in {"DateTimeField", "DateField"}:
        return _datetime(text, kind) or text
    if kind in {"ForeignKey", "OneToOneField"}:
        return related.name(field, text)
    return _readable(parsed)


def changes_of(entry: LogEntry, related: _Related | None = None) -> list[Change]:
    """``entry``'s changes as rows; empty-to-empty and internal fields are left out."""
    related = related or _Related()
    model = entry.content_type.model_class()
    rows: list[Change] = []
    for name, values in (entry.changes_dict or {}).items():
        if _hidden(name):
            continue
        try:
            field: Any = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        old_raw, new_raw = [*values, None, None][:2]
        old, new = _value(field, old_raw, related), _value(field, new_raw, related)
        if old == new:
            continue
        rows.append(Change(_label(field, name), old, new))
    return rows


def with_changes(entries: list[LogEntry]) -> list[tuple[LogEntry, list[Change]]]:
    related = _Related()
    return [(entry, changes_of(entry, related)) for entry in entries]
