"""Case-insensitive text search in the database that follows Turkish case rules.

``icontains`` folds case only for ASCII on SQLite and by the root locale on
PostgreSQL, so ``ışık`` would miss ``IŞIK`` and ``ismail`` would miss
``İsmail``. Each word is searched in its Turkish lower, upper and title-case
spellings; every word must match one of the fields.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from pressdesk.lib import turkish


def spellings(term: str) -> set[str]:
    return {term, turkish.lower(term), turkish.upper(term), turkish.title(term)}


def words_q(text: str, fields: Sequence[str]) -> Q:
    """A filter matching rows where every word of ``text`` occurs in one of ``fields``."""
    combined = Q()
    for term in text.split():
        match = Q()
        for spelling in spellings(term):
            for field in fields:
                match |= Q(**{f"{field}__icontains": spelling})
        combined &= match
    return combined
