"""Screens of news publishing for the unit and the institutions' press officers.

Thin: forms validate, ``actions`` change state, ``queries`` decide what a user
may see (a story the user may not see is a 404 everywhere).
"""

from __future__ import annotations

import calendar
import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.channels.limits import LIMITS
from pressdesk.channels.models import Channel
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors, form_errors_as_messages
from pressdesk.monitoring.queries import get_story_for_user as get_monitored_story
from pressdesk.publishing import actions, extensions, queries, text
from pressdesk.publishing.forms import (
    CommentForm,
    NewsroomProfileForm,
    PhotoForm,
    PressContactForm,
    PublicationTextForm,
    PublishForm,
    StoryForm,
    StorySearchForm,
)
from pressdesk.publishing.models import NewsroomProfile, NewsStory, StoryPhoto

PER_PAGE = 25
PREVIEW_KINDS = [
    Channel.Kind.WORDPRESS,
    Channel.Kind.FACEBOOK,
    Channel.Kind.INSTAGRAM,
    Channel.Kind.X,
    Channel.Kind.BLUESKY,
    Channel.Kind.MASTODON,
]


def _require_use(request: AuthedHttpRequest) -> None:
    if not queries.can_use(request.user):
        raise PermissionDenied


def _require_manage(request: AuthedHttpRequest) -> None:
    if not queries.can_manage(request.user):
        raise PermissionDenied


def _story(request: AuthedHttpRequest, pk: int, *, manage: bool = False) -> NewsStory:
    """The story ``pk`` for a user of publishing (``manage``: for one who manages it), else 403/404."""
    if manage:
        _require_manage(request)
    else:
        _require_use(request)
    return queries.get_story_for_user(request.user, pk)


def channel_limits() -> dict[str, Any]:
    """What the editor's counters need, per channel kind."""
    data = {}
    for kind in PREVIEW_KINDS:
        limits = LIMITS[kind]
        data[str(kind)] = {
            "label": str(Channel.Kind(kind).label),
            "max": limits.max_text,
            "images": limits.max_images,
            "requiresImage": limits.requires_image,
            "minAspect": limits.min_aspect,
            "maxAspect": limits.max_aspect,
            "urlLength": text.X_URL_LENGTH if kind == Channel.Kind.X else None,
            "graphemes": kind == Channel.Kind.BLUESKY,
            "appendsLink": kind not in (Channel.Kind.WORDPRESS, Channel.Kind.INSTAGRAM),
        }
    return data


# --- list and detail ------------------------------------------------------------------


def story_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_use(request)
    form = StorySearchForm(request.GET or None)
    show = request.GET.get("show", "")
    search = form.cleaned_data if form.is_valid() else {}
    stories = queries.story_list_for(
        request.user, show=show, text=search.get("q") or "", status=search.get("status") or ""
    )
    page = Paginator(stories, PER_PAGE).get_page(request.GET.get("page"))
    flows = queries.flows_by_story(page.object_list)
    rows = [(story, flows.get(story.pk)) for story in page.object_list]
    waiting = queries.submitted_count(request.user)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "publishing/story_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "show": show,
            "waiting": waiting,
            "query_string": params.urlencode(),
            "can_manage": queries.can_manage(request.user),
        },
    )


def _previews(story: NewsStory) -> list[dict[str, Any]]:
    rows = []
    photos = queries.photos_of(story)
    for kind in PREVIEW_KINDS:
        channel = Channel(kind=kind, name=str(Channel.Kind(kind).label))
        post = actions.compose(story, channel)
        check = text.check_length(kind, post)
        rows.append(
            {
                "kind": kind,
                "label": channel.name,
                "text": post,
                "count": check.count,
                "limit": check.limit,
                "problems": actions.channel_problems(story, channel, post),
                "photos": photos[: LIMITS[kind].max_images],
                "limits": LIMITS[kind],
            }
        )
    return rows


def story_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    flow = actions._flow(story)
    user = request.user
    manage = queries.can_manage(user)
    publications = queries.publications_of(story)
    return render(
        request,
        "publishing/story_detail.html",
        {
            "story": story,
            "flow": flow,
            "photos": queries.photos_of(story),
            "videos": extensions.staff_videos(story),
            "comments": queries.comments_of(story),
            "can_edit": actions.can_edit(user, story),
            "can_manage": manage,
            "can_submit_to_unit": actions.may_submit_to_unit(user, story),
            "can_review": manage and story.status == NewsStory.Status.SUBMITTED,
            "can_submit_for_approval": user.pk == story.created_by_id
            and manage
            and story.status == NewsStory.Status.DRAFT
            and (flow is None or flow.is_editable),
            "approval_problem": actions.approval_problem(story),
            "publish_form": PublishForm(user=user, story=story)
            if manage and not actions.approval_problem(story)
            else None,
            "publications": publications,
            "previews": _previews(story) if manage else [],
            "photo_form": PhotoForm(),
            "photo_pickers": extensions.photo_picker_links(story, user) if actions.can_edit(user, story) else [],
            "comment_form": CommentForm(),
            "deliveries": queries.delivery_count(story) if manage else 0,
            "press_figures": queries.press_mail_figures(story) if manage and story.goes_to_press else None,
            "failed_deliveries": queries.failed_deliveries(story) if manage else [],
            "flow_statuses": ApprovalFlow.Status,
        },
    )


@require_http_methods(["GET", "POST"])
def story_create(request: AuthedHttpRequest) -> HttpResponse:
    _require_use(request)
    form = StoryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.story_fields()
        organization = data.pop("organization", None) or request.user.organization
        if organization is None:
            raise PermissionDenied
        with action_errors(request, form=form, permission=False):
            story = actions.create_story(actor=request.user, organization=organization, **data)
            messages.success(request, _("The story was saved as a draft. Add photos below."))
            return redirect(story)
    return render(request, "publishing/story_form.html", {"form": form, "story": None, "limits": channel_limits()})


@require_http_methods(["GET", "POST"])
def story_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    if not actions.can_edit(request.user, story):
        messages.error(request, _("This story cannot be edited now."))
        return redirect(story)
    form = StoryForm(request.POST or None, instance=story, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.story_fields()
        with action_errors(request, form=form, per_field=False):
            actions.update_story(actor=request.user, story=story, **data)
            messages.success(request, _("The story was saved."))
            return redirect(story)
    return render(request, "publishing/story_form.html", {"form": form, "story": story, "limits": channel_limits()})


@require_POST
def photo_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(story)
    with action_errors(request):
        actions.add_photo(
            actor=request.user,
            story=story,
            upload=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"],
            credit=form.cleaned_data["credit"],
        )
        messages.success(request, _("The photo was added."))
    return redirect(story)


@require_POST
def photo_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_use(request)
    photo = queries.get_photo_for_user(request.user, pk)
    return _run_then_show_story(request, photo.story, actions.remove_photo, _("The photo was removed."), photo=photo)


def photo_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    _require_use(request)
    photo = queries.get_photo_for_user(request.user, pk)
    field = photo.original if request.GET.get("size") == "original" else (photo.web or photo.original)
    return FileResponse(field.open("rb"), content_type="image/jpeg" if field is photo.web else None)


# --- submissions and review ------------------------------------------------------------


@require_POST
def submit_to_unit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    return _run_then_show_story(
        request,
        story,
        actions.submit_to_unit,
        _("The story was sent to the press unit for review."),
        story=story,
        comment=form.cleaned_data.get("comment", ""),
    )


@require_POST
def review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk, manage=True)
    form = CommentForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    with action_errors(request):
        if request.POST.get("decision") == "accept":
            actions.accept_submission(actor=request.user, story=story, comment=comment)
            messages.success(request, _("You accepted the story; you can now send it for approval."))
        else:
            actions.return_submission(actor=request.user, story=story, comment=comment)
            messages.success(request, _("The story was returned to the institution with your corrections."))
    return redirect(story)


@require_POST
def comment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    with action_errors(request, permission=False):
        actions.add_comment(actor=request.user, story=story, comment=form.cleaned_data.get("comment", ""))
    return redirect(story)


def _run_then_show_story(
    request: AuthedHttpRequest,
    story: NewsStory,
    action: Callable[..., Any],
    success: str | Callable[[Any], str],
    /,
    **target: Any,
) -> HttpResponse:
    """Run ``action(actor=request.user, **target)``, say what it did or why not, go back to the story.

    ``success`` is the message, or a function of the action's result that returns it.
    """
    with action_errors(request):
        result = action(actor=request.user, **target)
        messages.success(request, success if isinstance(success, str) else success(result))
    return redirect(story)


def _run_on_story(
    request: AuthedHttpRequest, pk: int, action: Callable[..., Any], success: Callable[[Any], str]
) -> HttpResponse:
    """A manager's one-click action on a story: run it, say what it did (``success`` of its result) or why not."""
    story = _story(request, pk, manage=True)
    return _run_then_show_story(request, story, action, success, story=story)


@require_POST
def submit_for_approval(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _run_on_story(
        request, pk, actions.submit_for_approval, lambda _result: _("The story was sent into its approval chain.")
    )


# --- publishing ----------------------------------------------------------------------------


@require_POST
def publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk, manage=True)
    form = PublishForm(request.POST, user=request.user, story=story)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(story)
    with action_errors(request, each=True) as outcome:
        actions.publish(
            actor=request.user,
            story=story,
            channels=form.cleaned_data.get("channels", []),
            when=form.cleaned_data["when"],
            email_press=form.cleaned_data.get("email_press", False),
        )
    if outcome.failed:
        return redirect(story)
    story.refresh_from_db()
    if story.status == NewsStory.Status.SCHEDULED:
        messages.success(request, _("The story is scheduled."))
    else:
        messages.success(request, _("The story is published; the channels are being updated."))
    return redirect(story)


@require_POST
def unpublish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _run_on_story(request, pk, actions.unpublish, lambda _result: _("The story was taken off the newsroom."))


@require_POST
def email_press(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _run_on_story(
        request,
        pk,
        actions.queue_press_mail,
        lambda count: _("The story is being e-mailed to %(count)d journalists.") % {"count": count},
    )


@require_POST
def press_resend(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk, manage=True)
    with action_errors(request):
        count = actions.resend_press_mail(actor=request.user, story=story)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d failed e-mail is being sent again.",
                    "%(count)d failed e-mails are being sent again.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("There is no failed e-mail to send again."))
    return redirect(story)


@require_POST
def publication_retry(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = queries.get_publication_for_user(request.user, pk)
    return _run_then_show_story(
        request, publication.story, actions.retry_publication, _("Publishing is tried again."), publication=publication
    )


@require_http_methods(["GET", "POST"])
def publication_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = queries.get_publication_for_user(request.user, pk)
    # Offer the approved text of the story (it differs from the post after a re-approved change).
    approved = (
        "" if actions.approval_problem(publication.story) else actions.compose(publication.story, publication.channel)
    )
    form = PublicationTextForm(request.POST or None, initial={"text": approved or publication.text})
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, per_field=False):
            actions.edit_publication(actor=request.user, publication=publication, post=form.cleaned_data["text"])
            messages.success(request, _("The post was changed."))
            return redirect(publication.story)
    limits = LIMITS[publication.channel.kind]
    return render(
        request,
        "publishing/publication_edit.html",
        {"publication": publication, "form": form, "limits": limits, "channel_limits": channel_limits()},
    )


@require_POST
def publication_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = queries.get_publication_for_user(request.user, pk)
    return _run_then_show_story(
        request, publication.story, actions.delete_publication, _("The post is being deleted."), publication=publication
    )


# --- copy for a website without an API ---------------------------------------------------


def copy_for_website(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk, manage=True)
    return render(
        request,
        "publishing/copy_for_website.html",
        {"story": story, "photos": queries.photos_of(story), "body_text": text.body_text(story.body_html)},
    )


def _zip_photos(story: NewsStory, *, original: bool) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        lines = []
        for n, photo in enumerate(queries.photos_of(story), start=1):
            field = photo.original if original or not photo.web else photo.web
            extension = field.name.rsplit(".", 1)[-1].lower()
            name = f"{n:02d}-{story.slug}.{extension}"
            with field.open("rb") as handle:
                archive.writestr(name, handle.read())
            lines.append(f"{name}: {photo.caption} {('— ' + photo.credit) if photo.credit else ''}".strip())
        archive.writestr("fotograflar.txt", "\n".join(lines) + "\n")
    buffer.seek(0)
    return buffer


def website_zip(request: AuthedHttpRequest, pk: int) -> FileResponse:
    story = _story(request, pk, manage=True)
    return FileResponse(_zip_photos(story, original=False), as_attachment=True, filename=f"{story.slug}-gorseller.zip")


# --- calendar -------------------------------------------------------------------------------


def content_calendar(request: AuthedHttpRequest) -> HttpResponse:
    _require_manage(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        datetime.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    view = "week" if request.GET.get("view") == "week" else "month"
    if view == "week":
        try:
            anchor = datetime.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            anchor = today
        start_day = anchor - datetime.timedelta(days=anchor.weekday())
        days = [start_day + datetime.timedelta(days=n) for n in range(7)]
    else:
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        days = [day for week in weeks for day in week]
        anchor = datetime.date(year, month, 1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(days[-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    stories, publications = queries.calendar_entries(request.user, start, end)
    by_day: dict[datetime.date, list[dict[str, Any]]] = {day: [] for day in days}
    for story in stories:
        moment = story.published_at if story.status == NewsStory.Status.PUBLISHED else story.scheduled_for
        if moment is None:
            continue
        day = timezone.localtime(moment).date()
        if day in by_day:
            by_day[day].append({"kind": "story", "story": story, "time": moment})
    for publication in publications:
        moment = publication.published_at or publication.scheduled_for
        day = timezone.localtime(moment).date()
        if day in by_day:
            by_day[day].append({"kind": "post", "publication": publication, "story": publication.story, "time": moment})
    for entries in by_day.values():
        entries.sort(key=lambda e: e["time"])
    if view == "week":
        previous: dict[str, Any] = {"view": "week", "date": (anchor - datetime.timedelta(days=7)).isoformat()}
        following: dict[str, Any] = {"view": "week", "date": (anchor + datetime.timedelta(days=7)).isoformat()}
    else:
        prev_month = (anchor - datetime.timedelta(days=1)).replace(day=1)
        next_month = (anchor + datetime.timedelta(days=32)).replace(day=1)
        previous = {"year": prev_month.year, "month": prev_month.month}
        following = {"year": next_month.year, "month": next_month.month}
    return render(
        request,
        "publishing/calendar.html",
        {
            "view": view,
            "weeks": [list(by_day.items())[i : i + 7] for i in range(0, len(days), 7)],
            "anchor": anchor,
            "today": today,
            "previous": previous,
            "following": following,
        },
    )


# --- press contacts ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_manage(request)
    form = PressContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.save_press_contact(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The journalist was added to the press list."))
            return redirect("publishing:contacts")
    contacts = queries.press_contacts_visible_to(request.user)
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    return render(request, "publishing/contact_list.html", {"form": form, "page_obj": page, "query_string": ""})


@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    contact = queries.get_press_contact_for_user(request.user, pk)
    form = PressContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.save_press_contact(actor=request.user, contact=contact, **form.cleaned_data)
            messages.success(request, _("The journalist's details were saved."))
            return redirect("publishing:contacts")
    return render(request, "publishing/contact_form.html", {"form": form, "contact": contact})


@require_http_methods(["GET", "POST"])
def newsroom_settings(request: AuthedHttpRequest) -> HttpResponse:
    """The province's newsroom: about text, spokesperson, and whether press e-mails are tracked."""
    _require_manage(request)
    province = actions._province(request.user)
    if province is None:
        raise PermissionDenied
    profile = queries.newsroom_profile(province) or NewsroomProfile(organization=province)
    form = NewsroomProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.save_newsroom_profile(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The newsroom settings were saved."))
            return redirect("publishing:newsroom_settings")
    return render(request, "publishing/newsroom_settings.html", {"form": form, "province": province})


# --- from media monitoring -----------------------------------------------------------------------


@require_POST
def draft_from_story(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    monitored = get_monitored_story(request.user, pk)
    story = actions.draft_from_monitoring(actor=request.user, story=monitored)
    messages.success(request, _("A draft was prepared from the monitored story; edit it and send it for approval."))
    return redirect("publishing:edit", pk=story.pk)


__all__ = ["StoryPhoto"]
