"""The home screen ("Ana sayfa"): one read of ``queries.home_for``, rendered as cards; and each user's layout."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pressdesk.dashboard import actions, queries
from pressdesk.dashboard.forms import LayoutForm
from pressdesk.lib.cached_counts import remember_nav_count
from pressdesk.lib.http import AuthedHttpRequest


@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    home = queries.home_for(request.user)
    context: dict[str, object] = {
        "home": home,
        "chart_data": home.trend.chart_data() if home.trend is not None and home.trend.has_news else None,
    }
    if home.work is not None:
        if settings.WEB_FAST_PATHS:  # the navigation badge agrees with the "waiting for me" card
            remember_nav_count("inbox", request.user.pk, home.work.count)
        context["inbox_count"] = home.work.count  # the navbar badge, without counting again
    return render(request, "dashboard/home.html", context)


@require_http_methods(["GET", "POST"])
def layout(request: AuthedHttpRequest) -> HttpResponse:
    """The user's own choice of cards and their order (nobody else's)."""
    user = request.user
    if request.method == "POST" and request.POST.get("reset"):
        actions.set_home_cards(user=user, cards=[])
        messages.success(request, _("The home screen shows the usual cards again."))
        return redirect("home")
    form = LayoutForm(request.POST or None, current=queries.cards_for(user))
    if request.method == "POST" and form.is_valid():
        actions.set_home_cards(user=user, cards=form.chosen())
        messages.success(request, _("Your home screen was saved."))
        return redirect("home")
    return render(request, "dashboard/layout.html", {"form": form})
