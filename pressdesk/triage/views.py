"""Views of triage: the live screen, story cards and their actions, alert rules, alerts.

Thin: forms validate, ``actions`` change state, ``queries`` decide what a user
may see. Every POST works as a plain form (redirect back) and as an htmx
request (the story card comes back in place).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors
from pressdesk.monitoring import story_actions
from pressdesk.monitoring.matching import highlight, stored_hits
from pressdesk.monitoring.models import Story, outlets_reach
from pressdesk.monitoring.queries import attach_triage
from pressdesk.notifications.queries import preferences_table
from pressdesk.organizations.queries import province_for
from pressdesk.triage import actions, queries
from pressdesk.triage.forms import (
    AlertPreferenceForm,
    AlertRuleForm,
    AssignForm,
    FilterForm,
    ForwardForm,
    NoteForm,
    TriageForm,
)

PER_PAGE = 30
POLL_LIMIT = 50
POLL_SECONDS = 10

_R = TypeVar("_R", bound=HttpResponseBase)


def _sees_triage(view: Callable[..., _R]) -> Callable[..., _R]:
    @wraps(view)
    def wrapped(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> _R:
        if not queries.can_see_triage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _triager(view: Callable[..., _R]) -> Callable[..., _R]:
    @wraps(view)
    def wrapped(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> _R:
        if not queries.can_triage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- Building the cards -------------------------------------------------------


def _filters(form: FilterForm) -> dict[str, Any] | None:
    return form.cleaned_data if form.is_valid() else None


def _decorate(user: Any, stories: list[Story]) -> list[Story]:
    """Attach the province's triage, outlets, matched institutions, highlighted title, notes and actions
    to each story (fixed queries). Notes are those the user may read (``queries.notes_visible_to``)."""
    ids = [story.pk for story in stories]
    items_by_story = queries.card_items_by_story(user, ids)
    notes = queries.card_notes_by_story(user, ids)
    attach_triage(stories, province_for(user))
    for story in stories:
        items = items_by_story.get(story.pk, [])
        outlets: dict[int, Any] = {}
        terms: dict[int, Any] = {}
        institutions: dict[int, Any] = {}
        for item in items:
            outlets.setdefault(item.outlet_id, item.outlet)
            for match in item.matches.all():
                terms.setdefault(match.term_id, match.term)
                if match.term.organization_id:
                    institutions.setdefault(match.term.organization_id, match.term.organization)
        first = items[0] if items else None
        story.items_shown = items  # type: ignore[attr-defined]
        story.outlets = list(outlets.values())  # type: ignore[attr-defined]
        story.reach = outlets_reach(story.outlets)  # type: ignore[attr-defined]
        story.terms = list(terms.values())  # type: ignore[attr-defined]
        story.institutions = list(institutions.values())  # type: ignore[attr-defined]
        story.first_item = first  # type: ignore[attr-defined]
        title = first.title if first else story.title
        hits = stored_hits(list(first.matches.all()), "title") if first else []
        story.title_html = mark_safe(highlight(title, hits))  # type: ignore[attr-defined]  # noqa: S308 - highlight() escapes
        story.notes = notes.get(story.pk, [])  # type: ignore[attr-defined]
        story.actions = story_actions.actions_for(user, story)  # type: ignore[attr-defined]
        story.action_links = [(action, action.url(story)) for action in story.actions]  # type: ignore[attr-defined]
    return stories


def _card_context(request: AuthedHttpRequest, **extra: Any) -> dict[str, Any]:
    can_triage = queries.can_triage(request.user)
    return {
        "can_triage": can_triage,
        "colleagues": list(queries.colleagues_for(request.user)) if can_triage else [],
        "sentiments": [("positive", "p"), ("neutral", "n"), ("negative", "g")],
        **extra,
    }


def _cursor(stories: list[Story], fallback: datetime.datetime) -> str:
    newest = max((story.last_seen_at for story in stories), default=fallback)
    return newest.isoformat()


def _query_string(request: AuthedHttpRequest, drop: tuple[str, ...] = ("page", "cursor")) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


# --- The live screen ----------------------------------------------------------


@require_GET
@_sees_triage
def live(request: AuthedHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, user=request.user)
    stories = queries.live_stories(request.user, _filters(form))
    page_obj = Paginator(stories, PER_PAGE).get_page(request.GET.get("page"))
    page_stories = _decorate(request.user, list(page_obj.object_list))
    context = _card_context(
        request,
        form=form,
        page_obj=page_obj,
        stories=page_stories,
        cursor=_cursor(page_stories, timezone.now()),
        filters=_query_string(request),
        query_string=_query_string(request),
        poll_seconds=POLL_SECONDS,
        live_mode=page_obj.number == 1,
    )
    return render(request, "triage/live.html", context)


@require_GET
@_sees_triage
def poll(request: AuthedHttpRequest) -> HttpResponse:
    """New or updated stories since ``cursor`` (the newest ``last_seen_at`` the page has), newest first."""
    form = FilterForm(request.GET or None, user=request.user)
    cursor = parse_datetime(request.GET.get("cursor", "")) or timezone.now()
    if timezone.is_naive(cursor):
        cursor = timezone.make_aware(cursor)
    stories = _decorate(request.user, queries.live_stories_since(request.user, _filters(form), cursor, POLL_LIMIT))
    context = _card_context(
        request,
        stories=stories,
        cursor=_cursor(stories, cursor),
        filters=_query_string(request),
        poll_seconds=POLL_SECONDS,
    )
    return render(request, "triage/_poll.html", context)


@require_GET
@_sees_triage
def story(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = queries.get_story_for_user(request.user, pk)
    [card] = _decorate(request.user, [found])
    forwards = queries.recent_forwards(request.user, found)
    context = _card_context(request, story=card, forwards=forwards, detail=True)
    return render(request, "triage/story_detail.html", context)


def _back(request: AuthedHttpRequest, story: Story) -> HttpResponse:
    """After a plain-form POST: back where the user came from (same site only), else the story."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("triage:story", story.pk)


def _card_response(request: AuthedHttpRequest, story: Story, error: str = "") -> HttpResponse:
    fresh = queries.get_story_for_user(request.user, story.pk)
    [card] = _decorate(request.user, [fresh])
    context = _card_context(request, story=card, detail=request.POST.get("detail") == "1", error=error)
    return render(request, "triage/_story_card.html", context)


def _refuse(request: AuthedHttpRequest, story: Story, error: ValidationError) -> HttpResponse:
    """A refused change: the card again with the reason (htmx), or a message and back (plain form)."""
    if _is_htmx(request):
        return _card_response(request, story, error=" ".join(error.messages))
    for message in error.messages:
        messages.error(request, message)
    return _back(request, story)


@require_POST
@_triager
def update(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = queries.get_story_for_user(request.user, pk)
    form = TriageForm(request.POST)
    if not form.is_valid():
        return _refuse(request, found, ValidationError(_("Choose what to change.")))
    data = form.cleaned_data
    actions.triage_story(
        actor=request.user,
        story=found,
        relevance=data.get("relevance") or None,
        sentiment_label=data.get("sentiment") or None,
        importance=data.get("importance"),
    )
    if _is_htmx(request):
        return _card_response(request, found)
    return _back(request, found)


@require_POST
@_triager
def assign(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = queries.get_story_for_user(request.user, pk)
    form = AssignForm(request.POST, user=request.user)
    if not form.is_valid():
        return _refuse(request, found, ValidationError(_("Choose a colleague from the list.")))
    try:
        actions.assign_story(actor=request.user, story=found, assignee=form.cleaned_data["assignee"])
    except ValidationError as exc:
        return _refuse(request, found, exc)
    if _is_htmx(request):
        return _card_response(request, found)
    messages.success(request, _("The story was assigned."))
    return _back(request, found)


@require_POST
@_sees_triage
def note(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = queries.get_story_for_user(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _refuse(request, found, ValidationError(_("Write a note of at most 4000 characters.")))
    actions.add_note(actor=request.user, story=found, text=form.cleaned_data["text"])
    if _is_htmx(request):
        return _card_response(request, found)
    messages.success(request, _("The note was added."))
    return _back(request, found)


@require_http_methods(["GET", "POST"])
@_triager
def forward(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The "Forward by e-mail" story action: a POST button without fields opens the form."""
    found = queries.get_story_for_user(request.user, pk)
    submitted = request.method == "POST" and "recipients" in request.POST
    form = ForwardForm(request.POST if submitted else None)
    if submitted and form.is_valid():
        actions.forward_story(
            actor=request.user, story=found, recipients=form.cleaned_data["recipients"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("The story is being e-mailed."))
        return redirect("triage:story", found.pk)
    return render(request, "triage/forward_form.html", {"form": form, "story": found})


@require_POST
@_triager
def resend_forward(request: AuthedHttpRequest, pk: int, forward_pk: int) -> HttpResponse:
    found = queries.get_story_for_user(request.user, pk)
    forward = queries.get_forward_for_user(request.user, found, forward_pk)
    if actions.resend_forward(actor=request.user, forward=forward):
        messages.success(request, _("The forward is being e-mailed again."))
    else:
        messages.info(request, _("This forward was already sent or is still being tried."))
    return redirect("triage:story", found.pk)


# --- Alert rules and alerts ---------------------------------------------------


def _rule_manager(view: Callable[..., _R]) -> Callable[..., _R]:
    @wraps(view)
    def wrapped(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> _R:
        if not queries.can_manage_rules(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@_rule_manager
def rule_list(request: AuthedHttpRequest) -> HttpResponse:
    rows = queries.rules_with_counts(request.user)
    return render(request, "triage/rule_list.html", {"rules": rows})


def _rule_organization(user: Any) -> Any:
    from pressdesk.organizations.queries import scope_root

    root = scope_root(user)
    return root if not isinstance(root, str) else user.organization


@require_http_methods(["GET", "POST"])
@_rule_manager
def rule_create(request: AuthedHttpRequest) -> HttpResponse:
    form = AlertRuleForm(request.POST if request.method == "POST" else None, user=request.user)
    organization = _rule_organization(request.user)
    if organization is None:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.save_rule(actor=request.user, organization=organization, **form.rule_fields())
            messages.success(request, _("The alert rule was saved."))
            return redirect("triage:rule_list")
    return render(request, "triage/rule_form.html", {"form": form, "rule": None})


@require_http_methods(["GET", "POST"])
@_rule_manager
def rule_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rule = queries.get_rule_for_user(request.user, pk)
    form = AlertRuleForm(request.POST if request.method == "POST" else None, user=request.user, instance=rule)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.save_rule(actor=request.user, rule=rule, organization=rule.organization, **form.rule_fields())
            messages.success(request, _("The alert rule was saved."))
            return redirect("triage:rule_list")
    return render(request, "triage/rule_form.html", {"form": form, "rule": rule})


@require_GET
@_sees_triage
def alert_list(request: AuthedHttpRequest) -> HttpResponse:
    alerts = queries.alert_list_for(request.user)
    page_obj = Paginator(alerts, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "alerts": page_obj.object_list, "query_string": _query_string(request)}
    return render(request, "triage/alert_list.html", context)


@require_http_methods(["GET", "POST"])
@_sees_triage
def preferences(request: AuthedHttpRequest) -> HttpResponse:
    current = queries.alert_preference_of(request.user)
    form = AlertPreferenceForm(
        request.POST if request.method == "POST" else None, initial={"sms": current.sms if current else True}
    )
    if request.method == "POST" and form.is_valid():
        actions.set_alert_preference(actor=request.user, sms=form.cleaned_data["sms"])
        messages.success(request, _("Your alert preferences were saved."))
        return redirect("triage:preferences")
    channels = [row for row in preferences_table(request.user) if row[0] == "monitoring_alert"]
    return render(request, "triage/preferences.html", {"form": form, "channels": channels})
