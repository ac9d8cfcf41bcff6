"""Views of media monitoring: sources and their health, watch terms, stories, the archive.

Thin: forms validate, ``actions`` change state, ``queries`` decide what a user
may see. Only the unit's roles and administrators get in (``_monitor``).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.accounts.models import User
from pressdesk.lib import cached_counts
from pressdesk.lib.cached_counts import CachedCountPaginator
from pressdesk.lib.htmx import htmx_partial
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.spreadsheet import neutralize_row
from pressdesk.monitoring import actions, fulltext, queries, story_actions
from pressdesk.monitoring.forms import (
    FORM_KINDS,
    ArchiveSearchForm,
    ClipForm,
    ManualClipForm,
    SourceForm,
    WatchTermForm,
    form_kind,
    query_error_message,
)
from pressdesk.monitoring.matching import Hit, QuerySyntaxError, highlight, stored_hits
from pressdesk.monitoring.models import ClipRequest, Item, Sentiment, Source, Story
from pressdesk.monitoring.sources import x as x_source
from pressdesk.organizations.queries import scope_root

PER_PAGE = 25
SNIPPET_CHARS = 240
EXPORT_LIMIT = 10000

_R = TypeVar("_R", bound=HttpResponseBase)


CLIP_POLL_SECONDS = 2
BACKFILL_POLL_SECONDS = 2


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
    sources = queries.source_list_order(sources)
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
    kind = form_kind(request.POST.get("kind") or request.GET.get("kind"))
    form = SourceForm(request.POST or None, user=request.user, kind=kind)
    if request.method == "POST" and form.is_valid():
        source = _save_source(request, form, None)
        messages.success(request, _("The source was added; it will be checked shortly."))
        return redirect("monitoring:source_detail", source.pk)
    context = {"form": form, "source": None, "kinds": FORM_KINDS, "kind": kind}
    return render(request, "monitoring/source_form.html", context)


@require_http_methods(["GET", "POST"])
@_monitor
def source_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    source = queries.get_source_for_user(request.user, pk)
    if source.kind == Source.Kind.MANUAL:
        messages.info(request, _("Manual entries are added as clips; this source has nothing to edit."))
        return redirect("monitoring:source_detail", source.pk)
    form = SourceForm(request.POST or None, user=request.user, source=source, initial=SourceForm.initial_for(source))
    if request.method == "POST" and form.is_valid():
        _save_source(request, form, source)
        messages.success(request, _("The source was saved."))
        return redirect("monitoring:source_detail", source.pk)
    return render(request, "monitoring/source_form.html", {"form": form, "source": source, "kind": source.kind})


@require_http_methods(["GET", "POST"])
@_monitor
def clip_add(request: AuthedHttpRequest) -> HttpResponse:
    """Staff paste an article address; a task fetches it and the next page follows its progress."""
    form = ClipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        clip = actions.request_clip(
            actor=request.user, outlet=form.cleaned_data["outlet"], url=form.cleaned_data["url"]
        )
        return redirect("monitoring:clip_status", clip.pk)
    return render(request, "monitoring/clip_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@_monitor
def clip_manual(request: AuthedHttpRequest) -> HttpResponse:
    """A clip with no usable address, typed in; a clip-by-address that failed comes here pre-filled (``?clip=``)."""
    initial: dict[str, Any] = {}
    failed: ClipRequest | None = None
    if request.GET.get("clip", "").isdigit():
        failed = queries.get_clip_request_for_user(request.user, int(request.GET["clip"]))
        found = failed.found or {}
        initial = {
            "outlet": failed.outlet_id,
            "url": failed.url,
            "title": found.get("title", ""),
            "published_on": found.get("published_on", ""),
            "text": found.get("text", ""),
        }
    form = ManualClipForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = actions.add_clip_by_hand(
            actor=request.user,
            outlet=data["outlet"],
            title=data["title"],
            published_at=form.published_at(),
            text=data["text"],
            url=data["url"],
            upload=data["file"],
        )
        messages.success(request, _("The clip was added."))
        if item.story_id:
            return redirect("monitoring:story_detail", item.story_id)
        return redirect("monitoring:source_detail", item.source_id)
    return render(request, "monitoring/clip_manual_form.html", {"form": form, "failed": failed})


@require_GET
@_monitor
def clip_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    stored = queries.get_clip_file_for_user(request.user, pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=stored.original_name)


@require_GET
@_monitor
def clip_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The progress of a clip request; the fragment polls itself (htmx) until the request is finished."""
    clip = queries.get_clip_request_for_user(request.user, pk)
    template = htmx_partial(request, "monitoring/clip_status.html", "monitoring/_clip_status.html")
    return render(request, template, {"clip": clip, "poll_seconds": CLIP_POLL_SECONDS})


@require_GET
@_monitor
def source_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    source = queries.get_source_for_user(request.user, pk)
    logs = queries.recent_fetch_logs(source)
    recent_items = queries.recent_items_of(source)
    context = {"source": source, "logs": logs, "recent_items": recent_items, "slow_ms": queries.SLOW_FETCH_MS}
    if source.kind in (Source.Kind.X_SEARCH, Source.Kind.X_ACCOUNT):
        context["x_quota"] = x_source.quota(source, timezone.now())
    if source.kind == Source.Kind.IMAP:
        context["clipping_provider"] = queries.mailbox_clipping_provider(source)
    return render(request, "monitoring/source_detail.html", context)


@require_POST
@_monitor
def source_poll(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    source = queries.get_source_for_user(request.user, pk)
    if not source.is_active or source.kind not in Source.POLLED_KINDS:
        messages.error(request, _("Only active sources that are polled can be checked."))
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
    terms = queries.watch_term_list_for(request.user)
    return render(request, "monitoring/term_list.html", {"terms": terms})


@require_http_methods(["GET", "POST"])
@_monitor
def term_create(request: AuthedHttpRequest) -> HttpResponse:
    form = WatchTermForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        term = actions.create_watch_term(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("The watch term was added; it applies to new items. Run it over the archive to find the earlier ones."),
        )
        return redirect("monitoring:term_edit", term.pk)
    return render(request, "monitoring/term_form.html", _term_form_context(form, None))


@require_http_methods(["GET", "POST"])
@_monitor
def term_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    term = queries.get_watch_term_for_user(request.user, pk)
    old_query = term.query
    form = WatchTermForm(request.POST or None, user=request.user, instance=term)
    if request.method == "POST" and form.is_valid():
        # The ModelForm has already copied the values onto ``term``; the action validates and saves.
        actions.update_watch_term(actor=request.user, term=term, **form.cleaned_data)
        if term.query != old_query:
            messages.success(
                request,
                _("The watch term was saved. Its query changed: run it over the archive to update the matches."),
            )
            return redirect("monitoring:term_edit", term.pk)
        messages.success(request, _("The watch term was saved."))
        return redirect("monitoring:term_list")
    return render(request, "monitoring/term_form.html", _term_form_context(form, term))


def _term_form_context(form: WatchTermForm, term: Any) -> dict[str, Any]:
    return {
        "form": form,
        "term": term,
        "backfill": queries.latest_backfill(term) if term is not None else None,
        "poll_seconds": BACKFILL_POLL_SECONDS,
        "tester_days": queries.TESTER_DAYS,
    }


@require_GET
@_monitor
def term_test(request: AuthedHttpRequest) -> HttpResponse:
    """What the query being typed would have matched in the last 30 days (an htmx fragment of the term form)."""
    query = request.GET.get("query", "").strip()[:2000]
    context: dict[str, Any] = {
        "query": query,
        "days": queries.TESTER_DAYS,
        "max_items": queries.TESTER_MAX_ITEMS,
        "shown": queries.TESTER_SHOWN,
    }
    if query:
        try:
            trial = queries.try_query(request.user, query)
        except QuerySyntaxError as error:
            context["error"] = query_error_message(error)
        else:
            for item in trial.items:
                item.title_html = mark_safe(highlight(item.title, item.title_hits))  # type: ignore[attr-defined]  # noqa: S308
                item.snippet = _archive_snippet(item.text, item.text_hits, [])  # type: ignore[attr-defined]
            context["trial"] = trial
    return render(request, "monitoring/_term_test.html", context)


@require_http_methods(["GET", "POST"])
@_monitor
def term_backfill(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The term's run over the archive: POST starts one, GET shows its progress (an htmx fragment that polls)."""
    term = queries.get_watch_term_for_user(request.user, pk)
    if request.method == "POST":
        actions.request_backfill(actor=request.user, term=term)
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("The watch term is being run over the archive."))
            return redirect("monitoring:term_edit", term.pk)
    context = {"term": term, "backfill": queries.latest_backfill(term), "poll_seconds": BACKFILL_POLL_SECONDS}
    return render(request, "monitoring/_backfill.html", context)


# --- Highlighting -------------------------------------------------------------


# --- Stories ------------------------------------------------------------------


@require_GET
@_monitor
def story_list(request: AuthedHttpRequest) -> HttpResponse:
    stories = queries.story_list_for(request.user)
    if settings.WEB_FAST_PATHS:
        # Counting the stories a user may see checks each story's items: shared by everyone
        # of the same scope, so the count is reused for a few seconds.
        paginator: Paginator = CachedCountPaginator(stories, PER_PAGE)
    else:
        paginator = Paginator(stories, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_stories: list[Story] = list(page_obj.object_list)
    queries.summarise_stories_for(request.user, page_stories)
    context = {"page_obj": page_obj, "stories": page_stories, "query_string": _query_string(request)}
    return render(
        request, htmx_partial(request, "monitoring/story_list.html", "monitoring/_story_results.html"), context
    )


@require_GET
@_monitor
def story_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = queries.get_story_for_user(request.user, pk)
    items = queries.story_items_for(request.user, story)
    for item in items:
        matches = list(item.matches.all())
        item.title_html = mark_safe(highlight(item.title, stored_hits(matches, "title")))  # type: ignore[attr-defined]  # noqa: S308
        item.terms = sorted({match.term.name for match in matches})  # type: ignore[attr-defined]
    action_links = [(action, action.url(story)) for action in story_actions.actions_for(request.user, story)]
    return render(
        request, "monitoring/story_detail.html", {"story": story, "items": items, "action_links": action_links}
    )


# --- Archive ------------------------------------------------------------------


def _archive_snippet(text: str, search_hits: list[Hit], stored_hits: list[Hit]) -> SafeString:
    """About 240 characters of ``text`` around the first search hit (else the first watch-term hit)."""
    if not text:
        return mark_safe("")
    anchor = search_hits or stored_hits
    first = min((hit.start for hit in anchor), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:  # begin on a word
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", max(first, start), end)
        end = space if space > first else end
    shifted = [
        Hit(field=hit.field, start=hit.start - start, end=hit.end - start, term=hit.term)
        for hit in [*search_hits, *stored_hits]
        if hit.start >= start and hit.end <= end
    ]
    body = highlight(text[start:end], shifted)  # escapes the text itself, then marks the hits
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - highlight() escapes everything but <mark>


@require_GET
@_monitor
def archive(request: AuthedHttpRequest) -> HttpResponse:
    form = ArchiveSearchForm(request.GET or None, user=request.user)
    filters = form.filters()
    search = fulltext.parse(filters.get("q", ""))
    results = queries.archive_items(request.user, filters, search=search)

    def large_pks() -> QuerySet[Item, int]:
        # A common word past the cap: its newest ids through the date index (see fulltext.search).
        return queries.archive_items(request.user, filters, search=search, scan_by_date=True).values_list(
            "pk", flat=True
        )

    by_date = filters.get("sort") != "relevance"
    paginator = queries.CappedPaginator(
        results,
        PER_PAGE,
        rows_for=lambda pks: queries.archive_rows(pks, user=request.user),
        large_pks=large_pks if settings.WEB_FAST_PATHS and by_date else None,
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    tokens = search.positive_tokens()
    page_items: list[Item] = list(page_obj.object_list)
    for item in page_items:
        matches = list(item.matches.all())
        title_hits = [*stored_hits(matches, "title"), *fulltext.highlight_hits(item.title, tokens, "title")]
        # The snippet shows SNIPPET_CHARS around the first hit: the hits after that are not looked for.
        search_hits = fulltext.highlight_hits(item.text, tokens, "text", within=SNIPPET_CHARS)
        item.title_html = mark_safe(highlight(item.title, title_hits))  # type: ignore[attr-defined]  # noqa: S308
        item.snippet = _archive_snippet(item.text, search_hits, stored_hits(matches, "text"))  # type: ignore[attr-defined]
        item.terms = sorted({match.term.name for match in matches})  # type: ignore[attr-defined]
        item.sentiment_label = _sentiment_label(item)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page_obj": page_obj,
        "items": page_items,
        "capped": getattr(paginator, "capped", False),
        "cap": paginator.cap,
        "query_string": _query_string(request),
        "searched": bool(request.GET),
    }
    template = htmx_partial(request, "monitoring/archive_list.html", "monitoring/_archive_results.html")
    if template == "monitoring/archive_list.html":
        context["filters_html"] = _archive_filters_html(request.user, form)
    return render(request, template, context)


#: The archive's filter boxes below the search words and dates: the same for every search of a scope.
ARCHIVE_FILTER_FIELDS = ("source", "outlet_kind", "province", "term", "institution", "sentiment", "sort")


def _archive_filters_html(user: User, form: ArchiveSearchForm) -> SafeString:
    """The archive's filter boxes, rendered once per scope, language and chosen values for a few seconds.

    Their options (the scope's sources, watch terms and institutions) are the same for every
    search of a province, and rendering ten select boxes costs more than the search itself
    (issue 21); only the search words change from one request to the next. Shown with its
    errors afresh when a filter value was refused.
    """

    def render_filters() -> str:
        return render_to_string("monitoring/_archive_filters.html", {"form": form})

    if not settings.WEB_FAST_PATHS or any(form.errors.get(name) for name in ARCHIVE_FILTER_FIELDS):
        return mark_safe(render_filters())  # noqa: S308 - template output
    root = scope_root(user)
    shown = (getattr(root, "path", str(root)), get_language(), [form[name].value() for name in ARCHIVE_FILTER_FIELDS])
    key = "monitoring:archive-filters:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    return cached_counts.cached_fragment(key, render_filters, cached_counts.SHARED_COUNT_SECONDS)


def _sentiment_label(item: Item) -> str:
    """The effective sentiment of the item's story for the reader's province, as shown (empty when not set).

    ``staff_sentiment`` is the province's label and ``story_sentiment`` the story's suggested one,
    both annotated by ``queries.archive_items``.
    """
    value = getattr(item, "staff_sentiment", "") or getattr(item, "story_sentiment", "") or item.sentiment_suggested
    return str(Sentiment(value).label) if value in Sentiment.values else ""


@require_GET
@_monitor
def archive_export(request: AuthedHttpRequest) -> FileResponse:
    """The archive search results as an Excel workbook (at most 10,000 rows), written row by row."""
    from openpyxl import Workbook

    form = ArchiveSearchForm(request.GET or None, user=request.user)
    results = queries.archive_items(request.user, form.filters())[:EXPORT_LIMIT]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Archive"))
    sheet.append(neutralize_row([_("Date"), _("Outlet"), _("Title"), _("Address"), _("Matched terms"), _("Sentiment")]))
    for item in results.iterator(chunk_size=500):
        published = timezone.localtime(item.published_at).replace(tzinfo=None) if item.published_at else None
        terms = ", ".join(sorted({match.term.name for match in item.matches.all()}))
        sheet.append(neutralize_row([published, item.outlet.name, item.title, item.url, terms, _sentiment_label(item)]))
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
