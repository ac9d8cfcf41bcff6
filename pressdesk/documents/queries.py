from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.documents.models import Letter
from pressdesk.lib.search import words_q
from pressdesk.organizations.queries import unit_records_q

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pressdesk.accounts.models import User


def letters_visible_to(user: User) -> QuerySet[Letter]:
    qs = Letter.objects.select_related("organization", "process", "signer", "created_by")
    return qs.filter(unit_records_q(user, owner="created_by"))


def get_letter_for_user(user: User, pk: int) -> Letter:
    try:
        return letters_visible_to(user).get(pk=pk)
    except Letter.DoesNotExist as exc:
        raise Http404 from exc


def search_letters(qs: QuerySet[Letter], text: str) -> QuerySet[Letter]:
    """Letters whose subject contains every word of ``text``, whatever its Turkish letter case."""
    return qs.filter(words_q(text, ["subject"]))


def flows_by_letter(letters: Iterable[Letter]) -> dict[int, ApprovalFlow]:
    """The approval flow of each letter (one query for the lot), keyed by letter id."""
    ids = [letter.pk for letter in letters]
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(Letter)
    flows = ApprovalFlow.objects.filter(content_type=content_type, object_id__in=ids)
    return {flow.object_id: flow for flow in flows}


def letter_list_for(user: User, text: str = "") -> QuerySet[Letter]:
    """The letters ``user`` sees, newest first, searched for ``text`` when given."""
    letters = letters_visible_to(user)
    if text:
        letters = search_letters(letters, text)
    return letters.order_by("-created_at", "-pk")


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def letters_recorded_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Official letters recorded in EBYS, per month of [start, end), in the province (one query)."""
    from pressdesk.documents.models import Letter
    from pressdesk.lib import activity

    qs = Letter.objects.filter(ebys_recorded_at__isnull=False)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "ebys_recorded_at", start, end)
