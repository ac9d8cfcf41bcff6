"""Records the home screen's tests build: monitored stories, approval steps, information-note cases."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pressdesk.approvals.models import ApprovalFlow, ApprovalStep
from pressdesk.documents.models import Letter
from pressdesk.infonotes.models import Case
from pressdesk.monitoring.models import Item, ItemMatch, Outlet, Source, Story, StoryTriage, WatchTerm
from pressdesk.organizations.models import Organization
from pressdesk.testing.letters import make_letter

_numbers = itertools.count(1)


def source_of(province: Any) -> Source:
    outlet, _ = Outlet.objects.get_or_create(name=f"{province.directorate.name} Gazetesi")
    source, _ = Source.objects.get_or_create(
        name=f"{province.directorate.name} RSS",
        defaults={
            "outlet": outlet,
            "organization": province.directorate,
            "kind": Source.Kind.FEED,
            "url": f"https://haber.example/{province.directorate.code}.xml",
        },
    )
    return source


def term_of(province: Any, institution: Organization) -> WatchTerm:
    term, _ = WatchTerm.objects.get_or_create(
        name=institution.name,
        province=province.directorate,
        defaults={"query": institution.name, "organization": institution},
    )
    return term


def story(
    province: Any,
    title: str,
    *,
    when: datetime.datetime | None = None,
    sentiment_suggested: str = "",
    institution: Organization | None = None,
    items: int = 1,
) -> Story:
    """A monitored story of ``province`` with ``items`` matched items published at ``when`` (now by default)."""
    when = when or timezone.now()
    source = source_of(province)
    term = term_of(province, institution or province.hospital)
    found = Story.objects.create(
        title=title, first_seen_at=when, last_seen_at=when, item_count=items, sentiment_suggested=sentiment_suggested
    )
    for _n in range(items):
        number = next(_numbers)
        item = Item.objects.create(
            source=source,
            outlet=source.outlet,
            url=f"https://haber.example/{number}",
            identity_hash=f"dashboard-{number}",
            title=title,
            published_at=when,
            fetched_at=when,
            story=found,
            matched=True,
        )
        ItemMatch.objects.create(item=item, term=term, field="title", spans=[[0, 5, title[:5]]])
    return found


def triage(province: Any, found: Story, **fields: Any) -> StoryTriage:
    row, _ = StoryTriage.objects.update_or_create(story=found, province=province.directorate, defaults=fields)
    return row


def waiting_for_director(province: Any, title: str, *, due_at: datetime.datetime | None = None) -> ApprovalFlow:
    """A flow of ``province`` whose current step is the provincial health director's."""
    letter = make_letter(province, subject=title)
    flow = ApprovalFlow.objects.create(
        content_type=ContentType.objects.get_for_model(Letter),
        object_id=letter.pk,
        title=title,
        process=letter.process,
        organization=province.unit,
        chain_organization=province.unit,
        author=province.staff,
        status=ApprovalFlow.Status.IN_REVIEW,
    )
    ApprovalStep.objects.create(
        flow=flow, order=1, kind=ApprovalStep.Kind.INITIAL, role="unit_head", status=ApprovalStep.Status.DONE
    )
    ApprovalStep.objects.create(
        flow=flow,
        order=2,
        kind=ApprovalStep.Kind.SIGNATURE,
        role="director",
        status=ApprovalStep.Status.CURRENT,
        due_at=due_at,
    )
    return flow


def case_due(province: Any, title: str, *, deadline: datetime.date) -> Case:
    """An information-note case of ``province`` waiting for its hospital's answer until ``deadline``."""
    return Case.objects.create(
        title=title,
        organization=province.unit,
        institution=province.hospital,
        status=Case.Status.WAITING_INSTITUTION,
        request_sent_at=timezone.now(),
        deadline=deadline,
        created_by=province.staff,
    )
