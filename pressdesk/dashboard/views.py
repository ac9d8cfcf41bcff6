"""The home screen ("Ana sayfa"): one read of ``queries.home_for``, rendered as cards."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pressdesk.dashboard import queries
from pressdesk.lib.cached_counts import remember_nav_count
from pressdesk.lib.http import AuthedHttpRequest


@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    home = queries.home_for(request.user)
    if settings.WEB_FAST_PATHS:  # the navigation badge agrees with the "waiting for me" card
        remember_nav_count("inbox", request.user.pk, home.work.count)
    context = {
        "home": home,
        "inbox_count": home.work.count,  # the navbar badge, without counting again
        "chart_data": home.trend.chart_data() if home.trend is not None and home.trend.has_news else None,
    }
    return render(request, "dashboard/home.html", context)
