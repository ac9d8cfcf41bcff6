"""Any record's history: who changed what, when, from what to what."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from pressdesk.audit.display import with_changes
from pressdesk.audit.queries import get_record_for_history, history_of
from pressdesk.lib.http import AuthedHttpRequest


def history(request: AuthedHttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    record = get_record_for_history(request.user, app_label, model_name, pk)
    page = Paginator(history_of(record), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {
            "record": record,
            "model_label": record._meta.verbose_name,
            "page_obj": page,
            "entries": with_changes(list(page.object_list)),
        },
    )
