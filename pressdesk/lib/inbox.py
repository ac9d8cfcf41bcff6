""" "İşlerim": one inbox of everything waiting for a user, across modules.

Each module registers two functions in its AppConfig.ready(): one that lists
a user's waiting items, one that counts them cheaply (for the navigation
badge). Later modules (approvals, information notes, deadlines) add theirs.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

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
CountFn = Callable[[Any], int]
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
    return sum(count(user) for _items, count in _providers)
