"""Fixtures for the tasks tests: English pages, and a quick way to give a task."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from pressdesk.tasks import actions
from pressdesk.tasks.models import Task


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    """Assertions read the English source texts, whatever the Turkish catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def make_task(province: Any) -> Any:
    """``make_task(title=…, days=…)`` gives a task from the unit head to the staff member.

    ``days`` is the due date relative to today (negative: overdue); ``None`` for no due date.
    """

    def _make(title: str = "Basın bültenini hazırlayınız", days: int | None = 3, **kwargs: Any) -> Task:
        kwargs.setdefault("actor", province.unit_head)
        kwargs.setdefault("assignee", province.staff)
        due = None if days is None else timezone.localdate() + datetime.timedelta(days=days)
        return actions.assign_task(title=title, due_date=due, **kwargs)

    return _make
