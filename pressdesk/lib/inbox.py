""" "İşlerim": one inbox of everything waiting for a user, across modules.

Each module registers two functions in its AppConfig.ready(): one that lists
a user's waiting items, one that counts them cheaply (for the navigation
badge) — a number, or better the querysets to count, which ``count_for``
counts for every module in one statement. Later modules (approvals, information notes, deadlines) add theirs.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class InboxItem:
    kind: str  # a short translated label, e.g. "Görev"
    title: str
    url: str
    due: datetime.date | None = None
    priority: int = 2  # 1 low … 4 urgent
    subtitle: str = ""
    badges: tuple[str, ...] = field(default_factory=tuple)
    due_at: datetime.datetime | None = None  # when the deadline has a time of day (approval steps)

    @property
    def is_overdue(self) -> bool:
        if self.due_at is not None:
            return self.due_at < timezone.now()
        return self.due is not None and self.due < timezone.localdate()

    @property
    def is_due_today(self) -> bool:
        return self.due is not None and self.due == timezone.localdate()

    def urgency_key(self) -> tuple[int, Any, int]:
        """Overdue first, then by due date (undated last), then by priority."""
        due = self.due or datetime.date.max
        return (0 if self.is_overdue else 1, due, -self.priority)


ItemsFn = Callable[[Any], Iterable[InboxItem]]
# A module's count: a number, or the querysets whose rows it counts. Querysets from every module are
# counted together in one statement, so the navigation badge costs one query however many modules there are.
CountFn = Callable[[Any], Any]
_providers: list[tuple[ItemsFn, CountFn]] = []


def register(items: ItemsFn, count: CountFn) -> None:
    if (items, count) not in _providers:
        _providers.append((items, count))


def items_for(user: Any) -> list[InboxItem]:
    collected: list[InboxItem] = []
    for items, _count in _providers:
        collected.extend(items(user))
    return sorted(collected, key=InboxItem.urgency_key)


def count_for(user: Any) -> int:
    total = 0
    querysets: list[QuerySet[Any]] = []
    for _items, count in _providers:
        answer = count(user)
        if isinstance(answer, int):
            total += answer
        elif isinstance(answer, QuerySet):
            querysets.append(answer)
        else:
            querysets.extend(answer)
    return total + count_together(querysets)


def count_together(querysets: Sequence[QuerySet[Any]]) -> int:
    """The sum of ``qs.count()`` over ``querysets`` in one statement (each a ``COUNT(*)`` of its rows)."""
    parts: list[str] = []
    params: list[Any] = []
    using = DEFAULT_DB_ALIAS
    for queryset in querysets:
        using = queryset.db
        query = queryset.query.chain()
        query.clear_ordering(force=True)
        try:
            sql, query_params = query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # .none(), or an empty __in
            continue
        # The SQL is Django's own compiled query; its values stay parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) inbox_{len(parts)})")  # noqa: S608
        params.extend(query_params)
    if not parts:
        return 0
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(parts), params)
        row = cursor.fetchone()
    return int(row[0] or 0)
