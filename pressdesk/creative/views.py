"""Screens of the creative studio: design requests and their board, drafts, the asset library,
the calendar of special days. Files are always served as attachments or as raster previews.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.creative import actions, queries
from pressdesk.creative.forms import (
    AnswerForm,
    AssetForm,
    AssetSearchForm,
    AttachForm,
    CommentForm,
    DecideForm,
    DesignRequestForm,
    MoreInfoForm,
    PackageForm,
    ResponsibleForm,
    ScheduleForm,
    ShootPersonForm,
    ShootPlanForm,
    VersionForm,
)
from pressdesk.creative.models import DesignRequest, ReferenceFile
from pressdesk.lib.htmx import htmx_partial
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.ratelimit import rate_limited
from pressdesk.lib.views import action_errors

PER_PAGE = 25
ASSETS_PER_PAGE = 24


def _attachment(field: Any, filename: str) -> FileResponse:
    response = FileResponse(field.open("rb"), as_attachment=True, filename=filename or "file")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Requests -----------------------------------------------------------------------------------


@require_GET
def request_list(request: AuthedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in DesignRequest.Status.values:
        status = ""
    page = Paginator(queries.request_list(request.user, status=status), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "requests": page.object_list,
        "status": status,
        "statuses": DesignRequest.Status.choices,
        "is_studio": queries.is_studio(request.user),
        "query_string": f"status={status}" if status else "",
    }
    return render(request, "creative/request_list.html", context)


@require_GET
def board(request: AuthedHttpRequest) -> HttpResponse:
    if not queries.is_studio(request.user):
        raise PermissionDenied
    columns = queries.board(request.user)
    by_designer: dict[str, list[DesignRequest]] = {}
    for _status, _label, rows in columns:
        for row in rows:
            name = row.designer.get_full_name() if row.designer else _("Not assigned")
            by_designer.setdefault(name, []).append(row)
    return render(request, "creative/board.html", {"columns": columns, "by_designer": sorted(by_designer.items())})


@require_http_methods(["GET", "POST"])
def request_create(request: AuthedHttpRequest) -> HttpResponse:
    if not queries.can_request(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("special_day", "").isdigit():
        initial = {"special_day": request.GET["special_day"], "kind": DesignRequest.Kind.SPECIAL_DAY}
    form = DesignRequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with action_errors(request, form=form) as outcome:
            created = actions.create_request(actor=request.user, **data)
        if outcome.ok:
            messages.success(request, _("Your design request is sent to the press unit."))
            return redirect(created)
    return render(request, "creative/request_form.html", {"form": form})


@require_GET
def request_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    versions = list(item.versions.prefetch_related("comments__created_by").order_by("-number"))
    studio = queries.is_studio(request.user)
    requester = queries.is_requester_side(request.user, item)
    context = {
        "item": item,
        "versions": versions,
        "references": list(item.references.all()),
        "queue_position": queries.queue_position(item),
        "is_studio": studio,
        "is_requester": requester,
        "decide_form": DecideForm(designers=queries.designers(request.user)) if studio else None,
        "version_form": VersionForm() if studio else None,
        "more_form": MoreInfoForm(initial={"texts": item.texts, "sizes": item.sizes}) if requester else None,
        "answer_form": AnswerForm() if requester else None,
        "comment_form": CommentForm(),
        "final_flow": actions._final_flow(item) if item.status in ("in_approval", "approved") else None,
        "deliveries": list(item.deliveries.all()) if item.status == "approved" else [],
    }
    return render(request, "creative/request_detail.html", context)


@require_POST
def request_deliver(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    if not queries.is_studio(request.user):
        raise PermissionDenied
    with action_errors(request) as outcome:
        actions.deliver_final(actor=request.user, request=item)
    if outcome.ok:
        messages.success(request, _("The final is delivered; its sizes are being prepared."))
    return redirect(item)


@require_GET
def request_zip(request: AuthedHttpRequest, pk: int) -> FileResponse:
    item = queries.get_request_for_user(request.user, pk)
    try:
        archive = actions.delivery_zip(actor=request.user, request=item)
    except ValidationError as exc:
        raise Http404 from exc
    response = FileResponse(archive, as_attachment=True, filename=f"tasarim-{item.pk}.zip")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def delivery_download(request: AuthedHttpRequest, pk: int) -> FileResponse:
    from pressdesk.creative.models import Delivery

    delivery = Delivery.objects.filter(pk=pk, request__in=queries.requests_visible_to(request.user)).first()
    if delivery is None:
        raise Http404
    asset = queries.assets_visible_to(request.user).filter(version__request_id=delivery.request_id).first()
    if asset is not None:
        actions.log_download(actor=request.user, asset=asset, size=delivery.label[:10])
    extension = delivery.file.name.rsplit(".", 1)[-1]
    return _attachment(delivery.file, f"{files_safe(delivery.label)}.{extension}")


def files_safe(label: str) -> str:
    from pressdesk.creative.files import safe_name

    return safe_name(label)


@require_POST
def request_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    if not queries.is_studio(request.user):
        raise PermissionDenied
    form = DecideForm(request.POST, designers=queries.designers(request.user))
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.decide_request(actor=request.user, request=item, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The decision is saved and the requester is told."))
    else:
        messages.error(request, _("Check the decision: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect(item)


@require_POST
def request_more(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    if not queries.is_requester_side(request.user, item):
        raise PermissionDenied
    form = MoreInfoForm(request.POST)
    if form.is_valid():
        with action_errors(request, permission=False) as outcome:
            actions.answer_more_info(actor=request.user, request=item, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Your answer is sent to the press unit."))
    return redirect(item)


@require_GET
def reference_download(request: AuthedHttpRequest, pk: int) -> FileResponse:
    ref = (
        ReferenceFile.objects.select_related("request")
        .filter(pk=pk, request__in=queries.requests_visible_to(request.user))
        .first()
    )
    if ref is None:
        raise Http404
    return _attachment(ref.file, ref.name)


# Versions -----------------------------------------------------------------------------------


@require_POST
def version_upload(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    if not queries.is_studio(request.user):
        raise PermissionDenied
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        with action_errors(request, each=True) as outcome:
            actions.upload_version(
                actor=request.user, request=item, upload=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        if outcome.ok:
            messages.success(request, _("The draft is uploaded; the requester is told."))
    else:
        messages.error(request, _("Choose the draft file."))
    return redirect(item)


@require_GET
def version_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    version = queries.get_version_for_user(request.user, pk)
    return _attachment(version.file, version.name)


@require_GET
def version_preview(request: AuthedHttpRequest, pk: int) -> FileResponse:
    version = queries.get_version_for_user(request.user, pk)
    if not version.preview:
        raise Http404
    response = FileResponse(version.preview.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def version_comment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = queries.get_version_for_user(request.user, pk)
    if not (queries.is_requester_side(request.user, version.request) or queries.is_studio(request.user)):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.comment_version(actor=request.user, version=version, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Your comment is saved."))
    else:
        messages.error(request, _("Write the comment."))
    return redirect(version.request)


@require_POST
def version_answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = queries.get_version_for_user(request.user, pk)
    if not queries.is_requester_side(request.user, version.request):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        with action_errors(request, each=True) as outcome:
            actions.answer_version(actor=request.user, version=version, **form.cleaned_data)
        if outcome.ok:
            if form.cleaned_data["approve"]:
                messages.success(request, _("The draft is approved; the final is filed in the asset library."))
            else:
                messages.success(request, _("Your change request is sent to the designer."))
    return redirect(version.request)


# Assets -------------------------------------------------------------------------------------


@require_GET
def asset_list(request: AuthedHttpRequest) -> HttpResponse:
    form = AssetSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = queries.search_assets(
        request.user,
        text=data.get("q", ""),
        kind=data.get("kind", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    # No total count: counting every match of a text search over the whole library costs as much
    # as the search itself; the page asks for one row more to know whether a next page exists.
    number = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    number = max(number, 1)
    start = (number - 1) * ASSETS_PER_PAGE
    rows = list(qs[start : start + ASSETS_PER_PAGE + 1])
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "creative/asset_list.html",
        {
            "form": form,
            "assets": rows[:ASSETS_PER_PAGE],
            "number": number,
            "has_next": len(rows) > ASSETS_PER_PAGE,
            "query_string": params.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def asset_create(request: AuthedHttpRequest) -> HttpResponse:
    if request.user.organization_id is None and not request.user.is_admin:
        raise PermissionDenied
    form = AssetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("upload")
        consent_file = data.pop("consent_upload")
        with action_errors(request, form=form) as outcome:
            asset = actions.add_asset(actor=request.user, upload=upload, consent_file=consent_file, **data)
        if outcome.ok:
            messages.success(request, _("The asset is added; its sizes are being prepared."))
            return redirect(asset)
    return render(request, "creative/asset_form.html", {"form": form})


@require_GET
def asset_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    asset = queries.get_asset_for_user(request.user, pk)
    attach_form = (
        AttachForm(stories=queries.attachable_stories(request.user)) if queries.is_studio(request.user) else None
    )
    return render(
        request,
        "creative/asset_detail.html",
        {
            "asset": asset,
            "renditions": list(asset.renditions.order_by("width")),
            "downloads": asset.downloads.count(),
            "attach_form": attach_form,
        },
    )


@require_POST
def asset_attach(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    asset = queries.get_asset_for_user(request.user, pk)
    if not queries.is_studio(request.user):
        raise PermissionDenied
    form = AttachForm(request.POST, stories=queries.attachable_stories(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a story you can still edit."))
        return redirect(asset)
    story = form.cleaned_data["story"]
    with action_errors(request) as outcome:
        actions.attach_to_story(actor=request.user, story=story, asset=asset, caption=form.cleaned_data["caption"])
    if outcome.ok:
        messages.success(request, _("The asset is attached to the story."))
        return redirect(f"{story.get_absolute_url()}#photos-title")
    # From the story's picker, the reason is shown on the story; from the asset's page, there.
    return redirect(story) if request.POST.get("back") == "story" else redirect(asset)


@require_GET
def story_library(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The story page's picker of library photos and videos (an htmx fragment, or a page without JavaScript)."""
    story = queries.get_attachable_story(request.user, pk)
    text = request.GET.get("q", "").strip()[:200]
    context = {"story": story, "q": text, "assets": queries.story_library(request.user, story, text=text)}
    return render(
        request, htmx_partial(request, "creative/story_library.html", "creative/_story_library.html"), context
    )


@require_GET
def asset_progress(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    asset = queries.get_asset_for_user(request.user, pk)
    return render(request, "creative/_asset_progress.html", {"asset": asset})


@require_GET
def asset_download(request: AuthedHttpRequest, pk: int, size: str = "") -> FileResponse:
    asset = queries.get_asset_for_user(request.user, pk)
    if size:
        rendition = asset.renditions.filter(size=size).first()
        if rendition is None:
            raise Http404
        actions.log_download(actor=request.user, asset=asset, size=size)
        return _attachment(rendition.file, f"{asset.pk}-{size}.jpg")
    actions.log_download(actor=request.user, asset=asset)
    return _attachment(asset.file, asset.name)


@require_GET
def rendition_image(request: AuthedHttpRequest, pk: int, size: str) -> FileResponse:
    asset = queries.get_asset_for_user(request.user, pk)
    rendition = asset.renditions.filter(size=size).first()
    if rendition is None:
        raise Http404
    response = FileResponse(rendition.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Videos -------------------------------------------------------------------------------------


def _upload_for(request: AuthedHttpRequest, token: str) -> Any:
    return queries.get_upload_for_user(request.user, token)


def _refusal(exc: ValidationError | PermissionDenied) -> JsonResponse:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return JsonResponse({"error": text}, status=400 if isinstance(exc, ValidationError) else 403)


@require_GET
def video_upload(request: AuthedHttpRequest) -> HttpResponse:
    if request.user.organization_id is None:
        raise PermissionDenied
    from django.conf import settings

    return render(
        request,
        "creative/video_upload.html",
        {"chunk_bytes": actions.VIDEO_CHUNK_BYTES, "max_bytes": settings.CREATIVE_VIDEO_MAX_BYTES},
    )


@require_POST
def video_start(request: AuthedHttpRequest) -> JsonResponse:
    if request.user.organization_id is None:
        raise PermissionDenied
    try:
        size = int(request.POST.get("size", "0"))
        upload = actions.start_video_upload(
            actor=request.user, title=request.POST.get("title", ""), name=request.POST.get("name", ""), size=size
        )
    except (ValidationError, PermissionDenied) as exc:
        return _refusal(exc)
    except ValueError:
        return JsonResponse({"error": _("The file is empty.")}, status=400)
    return JsonResponse({"token": str(upload.token), "received": 0})


@require_http_methods(["GET", "POST"])
def video_chunk(request: AuthedHttpRequest, token: str) -> JsonResponse:
    upload = _upload_for(request, token)
    if request.method == "GET":
        return JsonResponse({"token": str(upload.token), "received": upload.received, "size": upload.size})
    offset = request.GET.get("offset", "")
    if not offset.isdigit():
        return JsonResponse(
            {"error": _("A part of the file is missing; the upload resumes from the last part received.")}, status=400
        )
    try:
        upload = actions.receive_chunk(actor=request.user, upload=upload, offset=int(offset), data=request.body)
    except (ValidationError, PermissionDenied) as exc:
        return _refusal(exc)
    return JsonResponse({"received": upload.received, "size": upload.size})


@require_POST
def video_finish(request: AuthedHttpRequest, token: str) -> JsonResponse:
    upload = _upload_for(request, token)
    try:
        asset = actions.finish_video_upload(actor=request.user, upload=upload)
    except (ValidationError, PermissionDenied) as exc:
        return _refusal(exc)
    return JsonResponse({"url": asset.get_absolute_url()})


@require_GET
def asset_video(request: AuthedHttpRequest, pk: int) -> FileResponse:
    asset = queries.get_asset_for_user(request.user, pk)
    if not asset.web_video:
        raise Http404
    response = FileResponse(asset.web_video.open("rb"), content_type="video/mp4")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def story_video(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The web copy of a library video on a story, for the story's readers (the internal story page)."""
    attachment = queries.get_story_video_for_user(request.user, pk)
    response = FileResponse(attachment.asset.web_video.open("rb"), content_type="video/mp4")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def story_poster(request: AuthedHttpRequest, pk: int) -> FileResponse:
    attachment = queries.get_story_video_for_user(request.user, pk)
    rendition = attachment.asset.renditions.filter(size="web").first()
    if rendition is None:
        raise Http404
    response = FileResponse(rendition.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Special days -------------------------------------------------------------------------------


@require_GET
def special_days(request: AuthedHttpRequest) -> HttpResponse:
    if not queries.is_studio(request.user):
        raise PermissionDenied
    return render(request, "creative/special_days.html", {"upcoming": queries.upcoming_days(request.user, days=120)})


@require_http_methods(["GET", "POST"])
def special_day(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    day = queries.get_special_day_for_user(request.user, pk)
    people = queries.designers(request.user)
    form = ResponsibleForm(
        request.POST or None, people=people, initial={"people": list(day.responsible.filter(pk__in=people))}
    )
    if request.method == "POST" and form.is_valid():
        with action_errors(request, permission=False) as outcome:
            actions.set_responsible(actor=request.user, day=day, people=form.cleaned_data["people"])
        if outcome.ok:
            messages.success(request, _("The responsible people are saved."))
            return redirect(day)
    requests = queries.requests_visible_to(request.user).filter(special_day=day).order_by("-created_at")[:10]
    return render(
        request,
        "creative/special_day.html",
        {
            "day": day,
            "next_date": day.next_date(),
            "form": form,
            "requests": requests,
            "can_assign": request.user.is_superior,
        },
    )


@require_POST
def package_start(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    day = queries.get_special_day_for_user(request.user, pk)
    with action_errors(request, permission=False) as outcome:
        package = actions.start_package(actor=request.user, day=day, year=day.next_date().year)
    if outcome.ok:
        return redirect(package)
    return redirect(day)


@require_http_methods(["GET", "POST"])
def package(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_package_for_user(request.user, pk)
    flow = actions._package_flow(item)
    form = PackageForm(request.POST or None, initial={"press_text": item.press_text, "social_posts": item.social_posts})
    if request.method == "POST":
        step = request.POST.get("step", "save")
        schedule_form = ScheduleForm(request.POST, channels=_package_channels(request))
        with action_errors(request, each=True) as outcome:
            if step == "hand":
                actions.hand_to_publishing(actor=request.user, package=item)
            elif step == "schedule":
                if not schedule_form.is_valid():
                    raise ValidationError(_("Enter the time of publication."))
                actions.schedule_package(actor=request.user, package=item, **schedule_form.cleaned_data)
            elif form.is_valid():
                actions.save_package(actor=request.user, package=item, **form.cleaned_data)
                if step == "submit":
                    item.refresh_from_db()
                    actions.submit_package(actor=request.user, package=item)
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect(item)
    schedule_form = ScheduleForm(
        channels=_package_channels(request),
        initial={"publish_time": item.publish_time, "channels": list(item.channels.all())},
    )
    return render(
        request,
        "creative/package.html",
        {
            "item": item,
            "flow": flow,
            "form": form,
            "schedule_form": schedule_form,
            "date": item.day.date_in(item.year),
        },
    )


def _package_channels(request: AuthedHttpRequest) -> Any:
    from pressdesk.channels.models import Channel
    from pressdesk.organizations.queries import scope_q

    return Channel.objects.filter(scope_q(request.user), is_active=True).order_by("name")


# Video shoots -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def shoots(request: AuthedHttpRequest) -> HttpResponse:
    if not queries.is_studio(request.user):
        raise PermissionDenied
    form = ShootPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            plan = actions.plan_shoot(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The shoot is planned."))
            return redirect(plan)
    plans = queries.shoots_visible_to(request.user).select_related("video")[:50]
    return render(request, "creative/shoots.html", {"form": form, "plans": plans})


@require_http_methods(["GET", "POST"])
def shoot(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = queries.get_shoot_for_user(request.user, pk)
    person_form = ShootPersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        step = request.POST.get("step", "")
        with action_errors(request, form=person_form if step == "person" else None) as outcome:
            if step == "person":
                if not person_form.is_valid():
                    raise ValidationError(_("Correct the marked fields."))
                actions.add_shoot_person(actor=request.user, plan=plan, **person_form.cleaned_data)
            elif step == "tick":
                task = plan.tasks.filter(pk=request.POST.get("task") or 0).first()
                if task is None:
                    raise Http404
                actions.tick_shoot_task(actor=request.user, task=task, done=request.POST.get("done") == "1")
            elif step == "video":
                asset = queries.assets_visible_to(request.user).filter(pk=request.POST.get("video") or 0).first()
                if asset is None:
                    raise ValidationError(_("Choose a video of the library."))
                actions.link_shoot_video(actor=request.user, plan=plan, asset=asset)
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect(plan)
    from pressdesk.creative.models import Asset

    return render(
        request,
        "creative/shoot.html",
        {
            "plan": plan,
            "people": list(plan.people.all()),
            "tasks": list(plan.tasks.select_related("done_by")),
            "person_form": person_form,
            "videos": queries.assets_visible_to(request.user).filter(kind=Asset.Kind.VIDEO)[:50],
        },
    )


# Videos on the public newsroom ---------------------------------------------------------------


def _public_attachment(pk: int) -> Any:
    from pressdesk.creative.models import StoryAttachment

    attachment = (
        StoryAttachment.objects.select_related("asset", "story")
        .filter(pk=pk, asset__kind="video", photo__isnull=True)
        .first()
    )
    if attachment is None or not attachment.story.is_public or not attachment.asset.web_video:
        raise Http404
    try:
        actions.assert_publishable(attachment.asset)
    except ValidationError as exc:
        raise Http404 from exc
    return attachment


@login_not_required
@rate_limited("newsroom-files")
@require_GET
def public_video(request: HttpRequest, pk: int) -> FileResponse:
    """The web copy of a library video on a public story (the newsroom plays it)."""
    attachment = _public_attachment(pk)
    response = FileResponse(attachment.asset.web_video.open("rb"), content_type="video/mp4")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_not_required
@rate_limited("newsroom-files")
@require_GET
def public_poster(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _public_attachment(pk)
    rendition = attachment.asset.renditions.filter(size="web").first()
    if rendition is None:
        raise Http404
    response = FileResponse(rendition.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response
