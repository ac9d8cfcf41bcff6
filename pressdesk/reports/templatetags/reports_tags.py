"""Template helpers of the statistics page: the tables of ``exports.Statistics`` by position."""

from __future__ import annotations

from typing import Any

from django import template

from pressdesk.reports.exports import Statistics

register = template.Library()


@register.filter
def totals_list(stats: Statistics) -> list[tuple[str, Any]]:
    _title, header, rows = stats.sections()[0]
    return list(zip(header, rows[0], strict=True))


@register.filter
def header(stats: Statistics, index: str) -> list[str]:
    return stats.sections()[int(index)][1]


@register.filter
def rows(stats: Statistics, index: str) -> list[list[Any]]:
    return stats.sections()[int(index)][2]
