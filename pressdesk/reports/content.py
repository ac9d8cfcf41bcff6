"""What a report says for one scope: gathered once, then written as HTML, text and PDF.

``gather(report, scope)`` runs a fixed number of queries (about eight) however
many items the period holds.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.reports import figures, queries
from pressdesk.reports.models import Report, ReportKind
from pressdesk.reports.queries import Scope


@dataclass
class ReportContent:
    title: str
    heading: str
    period_label: str
    lead: str
    scope_label: str
    totals: figures.Totals
    sentiments: list[dict[str, Any]]
    institutions: list[dict[str, Any]]
    outlet_kinds: list[dict[str, Any]]
    important: list[figures.ImportantStory] = field(default_factory=list)
    others: list[figures.ImportantStory] = field(default_factory=list)
    site_url: str = ""
    statistics_url: str = ""
    generated_at: datetime.datetime | None = None

    @property
    def is_empty(self) -> bool:
        return self.totals.items == 0

    def cache_key_data(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("generated_at", None)
        return data


def title_for(report: Report) -> str:
    end = timezone.localtime(report.period_end)
    titles = {
        ReportKind.DAILY: _("Daily media monitoring report"),
        ReportKind.WEEKLY: _("Weekly media monitoring report"),
        ReportKind.MONTHLY: _("Monthly media monitoring report"),
    }
    return _("%(title)s, %(date)s") % {"title": titles[ReportKind(report.kind)], "date": f"{end:%d.%m.%Y}"}


def period_label(report: Report) -> str:
    start = timezone.localtime(report.period_start)
    end = timezone.localtime(report.period_end)
    return _("%(start)s – %(end)s") % {"start": f"{start:%d.%m.%Y %H:%M}", "end": f"{end:%d.%m.%Y %H:%M}"}


def gather(report: Report, scope: Scope) -> ReportContent:
    items = figures.in_period(queries.items_in_scope(scope), report.period_start, report.period_end)
    institution = scope.institution
    heading = str(report.organization)
    scope_label = (
        _("Only news about %(institution)s") % {"institution": institution.name}
        if institution is not None
        else _("All monitored news of the province")
    )
    kinds = {
        ReportKind.DAILY: _("Daily media monitoring report"),
        ReportKind.WEEKLY: _("Weekly media monitoring report"),
        ReportKind.MONTHLY: _("Monthly media monitoring report"),
    }
    return ReportContent(
        title=title_for(report),
        heading=f"{heading} · {kinds[ReportKind(report.kind)]}",
        period_label=period_label(report),
        lead=report.lead,
        scope_label=scope_label,
        totals=figures.totals(items),
        sentiments=figures.by_sentiment(items),
        institutions=figures.by_institution(items, queries.institutions_in_scope(scope)),
        outlet_kinds=figures.by_outlet_kind(items),
        important=figures.important_stories(items),
        others=figures.other_stories(items),
        site_url=settings.SITE_URL,
        statistics_url=settings.SITE_URL + reverse("reports:statistics"),
        generated_at=timezone.now(),
    )
