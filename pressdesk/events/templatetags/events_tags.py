from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def conflicts_of(cal: Any, event: Any) -> str:
    return "; ".join(cal.conflicts.get(event.pk, []))


@register.simple_tag
def period_label(cal: Any) -> str:
    if cal.view == "week":
        return _("Week of %(day)s") % {"day": cal.start.strftime("%d.%m.%Y")}
    if cal.view == "year":
        return str(cal.start.year)
    return date_format(cal.start, "F Y")
