"""Views of media monitoring: sources and their health, watch terms, stories, the archive.

Thin: forms validate, ``actions`` change state, ``queries`` decide what a user
may see. Only the unit's roles and administrators get in (``_monitor``).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.lib.htmx import htmx_partial
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.search import words_q
from pressdesk.monitoring import actions, queries
from pressdesk.monitoring.forms import ArchiveSearchForm, SourceForm, WatchTermForm
from pressdesk.monitoring.matching import Hit, Matcher, QuerySyntaxError, highlight
from pressdesk.monitoring.models import FetchLog, Item, ItemMatch, Source, Story

PER_PAGE = 25
SNIPPET_CHARS = 240
EXPORT_LIMIT = 10000

_R = TypeVar("_R", bound=HttpResponseBase)


def _monitor(view: Callable[..., _R]) -> Callable[..., _R]:
    """Only the unit's roles and administrators."""

    @wraps(view)
    def wrapped(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> _R:
        if not queries.can_monitor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _query_string(request: AuthedHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- Sources ------------------------------------------------------------------


@require_GET
@_monitor
def source_list(request: AuthedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in queries.POLLING_FILTERS:
        status = ""
    sources = queries.polling_status(queries.sources_visible_to(request.user), status)
    if status != "slow":
        sources = queries.with_last_duration(sources)
    sources = sources.select_related("outlet").order_by("name", "pk")
    page_obj = Paginator(sources, PER_PAGE).get_page(request.GET.get("page"))
    filters = [
        ("", _("All")),
        ("due", _("Due now")),
        ("failing", _("Failing")),
        ("slow", _("Slow")),
        ("silent", _("Silent for a week")),
    ]
    context = {
        "page_obj": page_obj,
        "sources": page_obj.object_list,
        "status": status,
        "filters": filters,
        "query_string": _query_string(request),
        "now": timezone.now(),
        "slow_ms": queries.SLOW_FETCH_MS,
    }
    return render(request, "monitoring/source_list.html", context)


def _save_source(request: AuthedHttpRequest, form: SourceForm, source: Source | None) -> Source:
    outlet = form.cleaned_data.get("outlet")
    new_outlet = form.new_outlet_fields()
    if new_outlet is not None:
        outlet = actions.create_outlet(actor=request.user, **new_outlet)
    assert outlet is not None  # the form requires one or the other
    if source is None:
        return actions.create_source(actor=request.user, outlet=outlet, **form.source_fields())
    return actions.update_source(actor=request.user, source=source, outlet=outlet, **form.source_fields())


@require_http_methods(["GET", "POST"])
@_monitor
def source_create(request: AuthedHttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        source = _save_source(request, form, None)
        messages.success(request, _("The source was added; it will be checked shortly."))
        return redirect("monitoring:source_detail", source.pk)
    return render(request, "monitoring/source_form.html", {"form": form, "source": None})


@require_http_methods(["GET", "POST"])
@_monitor
def source_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    source = queries.get_source_for_user(request.user, pk)
    form = SourceForm(request.POST or None, user=request.user, initial=SourceForm.initial_for(source))
    if request.method == "POST" and form.is_valid():
        _save_source(request, form, source)
        messages.success(request, _("The source was saved."))
        return redirect("monitoring:source_detail", source.pk)
    return render(request, "monitoring/source_form.html", {"form": form, "source": source})


@require_GET
@_monitor
def source_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    source = queries.get_source_for_user(request.user, pk)
    logs = FetchLog.objects.filter(source=source).order_by("-started_at")[:20]
    recent_items = Item.objects.filter(source=source).select_related("outlet").order_by("-published_at", "-pk")[:10]
    context = {"source": source, "logs": logs, "recent_items": recent_items, "slow_ms": queries.SLOW_FETCH_MS}
    return render(request, "monitoring/source_detail.html", context)


@require_POST
@_monitor
def source_poll(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    source = queries.get_source_for_user(request.user, pk)
    if not source.is_active or source.kind not in Source.POLLED_KINDS:
        messages.error(request, _("Only active feed sources can be checked."))
    else:
        actions.request_poll(actor=request.user, source=source)
        messages.success(request, _("The source is being checked."))
    return redirect("monitoring:source_detail", source.pk)


@require_POST
@_monitor
def source_toggle(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    source = queries.get_source_for_user(request.user, pk)
    actions.set_source_active(actor=request.user, source=source, active=not source.is_active)
    return redirect("monitoring:source_detail", source.pk)


# --- Watch terms --------------------------------------------------------------


@require_GET
@_monitor
def term_list(request: AuthedHttpRequest) -> HttpResponse:
    terms = queries.watch_terms_visible_to(request.user).order_by("name")
    return render(request, "monitoring/term_list.html", {"terms": terms})


@require_http_methods(["GET", "POST"])
@_monitor
def term_create(request: AuthedHttpRequest) -> HttpResponse:
    form = WatchTermForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.create_watch_term(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The watch term was added; it applies to new items."))
        return redirect("monitoring:term_list")
    return render(request, "monitoring/term_form.html", {"form": form, "term": None})


@require_http_methods(["GET", "POST"])
@_monitor
def term_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    term = queries.get_watch_term_for_user(request.user, pk)
    form = WatchTermForm(request.POST or None, user=request.user, instance=term)
    if request.method == "POST" and form.is_valid():
        # The ModelForm has already copied the values onto ``term``; the action validates and saves.
        actions.update_watch_term(actor=request.user, term=term, **form.cleaned_data)
        messages.success(request, _("The watch term was saved."))
        return redirect("monitoring:term_list")
    return render(request, "monitoring/term_form.html", {"form": form, "term": term})


# --- Highlighting -------------------------------------------------------------


def _stored_hits(matches: Iterable[ItemMatch], field: str) -> list[Hit]:
    return [
        Hit(field=field, start=int(span[0]), end=int(span[1]), term=str(span[2]) if len(span) > 2 else "")  # type: ignore[arg-type]
        for match in matches
        if match.field == field
        for span in match.spans
    ]


def _snippet(text: str, hits: list[Hit]) -> SafeString:
    """About 240 characters of ``text`` around the first hit, escaped, hits marked."""
    if not text:
        return mark_safe("")
    first = min((hit.start for hit in hits), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    shifted = [
        Hit(field=hit.field, start=hit.start - start, end=hit.end - start, term=hit.term)
        for hit in hits
        if hit.start >= start and hit.end <= end
    ]
    body = highlight(text[start:end], shifted)  # escapes the text itself
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - highlight() escapes everything but <mark>


# --- Stories ------------------------------------------------------------------


@require_GET
@_monitor
def story_list(request: AuthedHttpRequest) -> HttpResponse:
    stories = queries.stories_visible_to(request.user).order_by("-last_seen_at", "-pk")
    page_obj = Paginator(stories, PER_PAGE).get_page(request.GET.get("page"))
    page_stories: list[Story] = list(page_obj.object_list)
    story_ids = [story.pk for story in page_stories]
    items_by_story: dict[int, list[Item]] = defaultdict(list)
    visible_items = (
        queries.items_visible_to(request.user)
        .filter(story_id__in=story_ids)
        .select_related("outlet")
        .only("pk", "story_id", "title", "url", "published_at", "outlet__name", "outlet__kind")
        .prefetch_related(Prefetch("matches", queryset=ItemMatch.objects.select_related("term")))
        .order_by("published_at", "pk")
    )
    for item in visible_items:
        assert item.story_id is not None
        items_by_story[item.story_id].append(item)
    for story in page_stories:
        items = items_by_story.get(story.pk, [])
        story.visible_items = items  # type: ignore[attr-defined]
        outlets: dict[int, Any] = {}
        terms: dict[int, Any] = {}
        for item in items:
            outlets.setdefault(item.outlet_id, item.outlet)
            for match in item.matches.all():
                terms.setdefault(match.term_id, match.term)
        story.outlets = list(outlets.values())  # type: ignore[attr-defined]
        story.terms = list(terms.values())  # type: ignore[attr-defined]
        first = items[0] if items else None
        story.first_item = first  # type: ignore[attr-defined]
        title = first.title if first else story.title
        hits = _stored_hits(first.matches.all(), "title") if first else []
        story.title_html = mark_safe(highlight(title, hits))  # type: ignore[attr-defined]  # noqa: S308 - highlight() escapes the title
    context = {"page_obj": page_obj, "stories": page_stories, "query_string": _query_string(request)}
    return render(
        request, htmx_partial(request, "monitoring/story_list.html", "monitoring/_story_results.html"), context
    )


@require_GET
@_monitor
def story_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = queries.get_story_for_user(request.user, pk)
    items = list(
        queries.items_visible_to(request.user)
        .filter(story=story)
        .select_related("outlet", "source")
        .prefetch_related(Prefetch("matches", queryset=ItemMatch.objects.select_related("term")))
        .order_by("published_at", "pk")
    )
    for item in items:
        matches = list(item.matches.all())
        item.title_html = mark_safe(highlight(item.title, _stored_hits(matches, "title")))  # type: ignore[attr-defined]  # noqa: S308
        item.terms = sorted({match.term.name for match in matches})  # type: ignore[attr-defined]
    return render(request, "monitoring/story_detail.html", {"story": story, "items": items})


# --- Archive ------------------------------------------------------------------


def _archive_results(user: Any, filters: dict[str, Any]) -> QuerySet[Item]:
    items = queries.items_visible_to(user)
    text = filters.get("q", "").strip()
    if text:
        items = items.filter(words_q(text, ["title", "text"]))
    if filters.get("date_from"):
        items = items.filter(published_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        items = items.filter(published_at__date__lte=filters["date_to"])
    if filters.get("source"):
        items = items.filter(source=filters["source"])
    if filters.get("outlet_kind"):
        items = items.filter(outlet__kind=filters["outlet_kind"])
    if filters.get("province"):
        items = items.filter(words_q(filters["province"], ["outlet__province"]))
    if filters.get("term"):
        items = items.filter(matches__term=filters["term"]).distinct()
    if filters.get("institution"):
        items = items.filter(matches__term__organization=filters["institution"]).distinct()
    if text and filters.get("sort") == "relevance":
        items = items.annotate(
            in_title=Case(When(words_q(text, ["title"]), then=Value(1)), default=Value(0), output_field=IntegerField())
        ).order_by("-in_title", "-published_at", "-pk")
    else:
        items = items.order_by("-published_at", "-pk")
    return items.select_related("outlet", "source").prefetch_related(
        Prefetch("matches", queryset=ItemMatch.objects.select_related("term"))
    )


def _search_matcher(text: str) -> Matcher | None:
    """The archive query as a Turkish-aware matcher for highlighting (suffixes, case, ASCII spellings)."""
    words = [word for word in text.replace('"', " ").split() if word.upper() not in {"AND", "OR", "NOT"}]
    if not words:
        return None
    try:
        return Matcher([(0, " OR ".join(f'"{word}"' for word in words))])
    except QuerySyntaxError:
        return None


@require_GET
@_monitor
def archive(request: AuthedHttpRequest) -> HttpResponse:
    form = ArchiveSearchForm(request.GET or None, user=request.user)
    filters = form.filters()
    results = _archive_results(request.user, filters)
    page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    matcher = _search_matcher(filters.get("q", ""))
    page_items: list[Item] = list(page_obj.object_list)
    for item in page_items:
        matches = list(item.matches.all())
        title_hits = _stored_hits(matches, "title")
        text_hits = _stored_hits(matches, "text")
        if matcher is not None:
            for hit in matcher.match(item.title, item.text).get(0, []):
                (title_hits if hit.field == "title" else text_hits).append(hit)
        item.title_html = mark_safe(highlight(item.title, title_hits))  # type: ignore[attr-defined]  # noqa: S308
        item.snippet = _snippet(item.text, text_hits)  # type: ignore[attr-defined]
        item.terms = sorted({match.term.name for match in matches})  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page_obj": page_obj,
        "items": page_items,
        "query_string": _query_string(request),
        "searched": bool(request.GET),
    }
    return render(
        request, htmx_partial(request, "monitoring/archive_list.html", "monitoring/_archive_results.html"), context
    )


@require_GET
@_monitor
def archive_export(request: AuthedHttpRequest) -> FileResponse:
    """The archive search results as an Excel workbook (at most 10,000 rows)."""
    from openpyxl import Workbook

    form = ArchiveSearchForm(request.GET or None, user=request.user)
    results = _archive_results(request.user, form.filters())[:EXPORT_LIMIT]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Archive"))
    sheet.append([_("Date"), _("Outlet"), _("Title"), _("Address"), _("Matched terms")])
    for item in results:
        published = timezone.localtime(item.published_at).replace(tzinfo=None) if item.published_at else None
        terms = ", ".join(sorted({match.term.name for match in item.matches.all()}))
        sheet.append([published, item.outlet.name, _excel_text(item.title), item.url, _excel_text(terms)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    filename = f"arsiv-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _excel_text(value: str) -> str:
    """Text that Excel will not run as a formula (CSV/formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
