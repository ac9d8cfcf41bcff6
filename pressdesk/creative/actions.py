"""Every change of the creative studio: design requests and their decisions, versions and the
requester's answers, library assets and their renditions, the special days' responsible people.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import User
from pressdesk.creative import files, queries
from pressdesk.creative.models import (
    Asset,
    Comment,
    DayPackage,
    DesignRequest,
    Download,
    ReferenceFile,
    Rendition,
    SpecialDay,
    Version,
    VideoUpload,
    lf,
    paragraphs_of,
)
from pressdesk.lib import turkish
from pressdesk.lib.files import validate_document_upload
from pressdesk.notifications.actions import notify
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import in_scope, province_for, province_of

Status = DesignRequest.Status


def _check_studio(actor: User, request: DesignRequest) -> None:
    if not queries.is_studio(actor) or not in_scope(actor, request.organization):
        raise PermissionDenied(_("Only the province's press unit decides on design requests."))


def _lock(request: DesignRequest) -> DesignRequest:
    return DesignRequest.objects.select_for_update(of=("self",)).select_related("organization").get(pk=request.pk)


# Requests -----------------------------------------------------------------------------------


@transaction.atomic
def create_request(
    *,
    actor: User,
    kind: str,
    title: str,
    purpose: str,
    sizes: str,
    medium: str,
    deadline: datetime.date,
    texts: str = "",
    quantity: int = 1,
    special_day: SpecialDay | None = None,
    references: Iterable[UploadedFile] = (),
    organization: Organization | None = None,
) -> DesignRequest:
    """A design brief (3.3.1), filed for the actor's own institution."""
    organization = organization or actor.organization
    if organization is None or not (actor.is_admin or in_scope(actor, organization)):
        raise PermissionDenied(_("You can ask for a design only for your own institution."))
    if not sizes.strip():
        raise ValidationError({"sizes": _("Give the size or format of the design (for example A3 or 1080×1080).")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline has passed. Enter a date from today on.")})
    if quantity < 1:
        raise ValidationError({"quantity": _("The quantity must be at least 1.")})
    uploads = list(references)
    for upload in uploads:
        validate_document_upload(upload)
        if upload.name and upload.name.lower().endswith((".png", ".jpg", ".jpeg")):
            files.check_upload(
                upload, allowed=frozenset({files.PNG, files.JPEG}), max_bytes=settings.ATTACHMENT_MAX_BYTES
            )
    request = DesignRequest.objects.create(
        organization=organization,
        kind=kind,
        title=title.strip(),
        purpose=purpose.strip(),
        texts=texts.strip(),
        sizes=sizes.strip(),
        medium=medium,
        quantity=quantity,
        deadline=deadline,
        special_day=special_day,
        created_by=actor,
    )
    for upload in uploads:
        ReferenceFile.objects.create(request=request, file=upload, name=(upload.name or "")[:200])
    return request


@transaction.atomic
def answer_more_info(*, actor: User, request: DesignRequest, texts: str, sizes: str = "") -> DesignRequest:
    """The requester completes a brief the unit asked more of; it goes back to the unit."""
    request = _lock(request)
    if request.status != Status.MORE_INFO or not queries.is_requester_side(actor, request):
        raise PermissionDenied(_("The unit has not asked you for more about this request."))
    request.texts = texts.strip() or request.texts
    request.sizes = sizes.strip() or request.sizes
    request.status = Status.NEW
    request.save(update_fields=["texts", "sizes", "status", "updated_at"])
    return request


@transaction.atomic
def decide_request(
    *,
    actor: User,
    request: DesignRequest,
    decision: str,
    comment: str = "",
    priority: int | None = None,
    designer: User | None = None,
) -> DesignRequest:
    """The unit accepts (with a priority and a designer), asks for more, or declines with a reason."""
    request = _lock(request)
    _check_studio(actor, request)
    if request.status not in (Status.NEW, Status.MORE_INFO, Status.ACCEPTED):
        raise ValidationError(_("This request has already been worked on; it can no longer be decided."))
    if decision == "accept":
        if designer is None:
            raise ValidationError({"designer": _("Choose the designer.")})
        if province_of(designer.organization) != province_of(request.organization):
            raise ValidationError({"designer": _("Choose a designer of this province's unit.")})
        request.status = Status.ACCEPTED
        request.designer = designer
        if priority:
            request.priority = priority
    elif decision in ("more_info", "decline"):
        if not comment.strip():
            raise ValidationError({"comment": _("Write what is missing or why the request is declined.")})
        request.status = Status.MORE_INFO if decision == "more_info" else Status.DECLINED
    else:
        raise ValidationError(_("Unknown decision."))
    request.decision_comment = comment.strip()
    request.save(update_fields=["status", "designer", "priority", "decision_comment", "updated_at"])
    notify(
        recipients=[request.created_by],
        kind="creative_request_decided",
        title=_("Your design request “%(title)s”: %(status)s")
        % {"title": request.title, "status": request.get_status_display()},
        body=request.decision_comment,
        url=request.get_absolute_url(),
    )
    if request.designer and decision == "accept":
        notify(
            recipients=[request.designer],
            kind="creative_request_assigned",
            title=_("A design is assigned to you: %(title)s") % {"title": request.title},
            url=request.get_absolute_url(),
        )
    return request


# Versions -----------------------------------------------------------------------------------


@transaction.atomic
def upload_version(*, actor: User, request: DesignRequest, upload: UploadedFile, note: str = "") -> Version:
    """The designer's draft (3.3.2); its raster preview is made in the background."""
    request = _lock(request)
    _check_studio(actor, request)
    if request.status not in (Status.ACCEPTED, Status.CHANGES, Status.IN_REVIEW):
        raise ValidationError(_("Drafts are uploaded once the request is accepted and until it is approved."))
    content_type = files.check_upload(upload, allowed=files.DRAFT_TYPES, max_bytes=settings.CREATIVE_UPLOAD_MAX_BYTES)
    number = (request.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = Version.objects.create(
        request=request,
        number=number,
        file=upload,
        name=(upload.name or "")[:200],
        content_type=content_type,
        note=note.strip(),
        created_by=actor,
    )
    request.status = Status.IN_REVIEW
    request.save(update_fields=["status", "updated_at"])
    from pressdesk.creative import tasks
    from pressdesk.outbox.actions import enqueue

    enqueue(tasks.make_preview, version.pk)
    notify(
        recipients=[request.created_by],
        kind="creative_version_ready",
        title=_("Draft %(number)s of “%(title)s” is waiting for your answer")
        % {"number": number, "title": request.title},
        url=request.get_absolute_url(),
    )
    return version


def make_preview(*, version_id: int) -> bool:
    """The raster preview of a version (idempotent: a version with a preview is left alone)."""
    version = Version.objects.filter(pk=version_id).first()
    if version is None or version.preview:
        return False
    with version.file.open("rb") as handle:
        data = handle.read()
    image = files.preview_png(data, version.content_type, version.name)
    with transaction.atomic():
        locked = Version.objects.select_for_update().filter(pk=version_id).first()
        if locked is None or locked.preview:
            return False
        locked.preview.save("preview.jpg", ContentFile(image), save=False)
        locked.save(update_fields=["preview"])
    return True


@transaction.atomic
def comment_version(
    *, actor: User, version: Version, text: str, x: float | None = None, y: float | None = None
) -> Comment:
    if not (queries.is_requester_side(actor, version.request) or queries.is_studio(actor)):
        raise PermissionDenied(_("You cannot comment on this draft."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    if (x is None) != (y is None) or any(v is not None and not 0 <= v <= 100 for v in (x, y)):
        raise ValidationError(_("The point must be on the image."))
    return Comment.objects.create(version=version, text=text.strip(), x=x, y=y, created_by=actor)


@transaction.atomic
def answer_version(*, actor: User, version: Version, approve: bool, comment: str = "") -> Version:
    """The requester approves the draft or asks for changes (3.3.3)."""
    request = _lock(version.request)
    if not queries.is_requester_side(actor, request):
        raise PermissionDenied(_("Only the requester answers the drafts."))
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.status != Version.Status.PENDING or request.status != Status.IN_REVIEW:
        raise ValidationError(_("This draft has already been answered."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Write what should be changed.")})
    if comment.strip():
        Comment.objects.create(version=version, text=comment.strip(), created_by=actor)
    version.status = Version.Status.APPROVED if approve else Version.Status.CHANGES
    version.save(update_fields=["status"])
    # Older drafts still waiting are settled by this answer.
    request.versions.filter(status=Version.Status.PENDING).exclude(pk=version.pk).update(status=Version.Status.CHANGES)
    request.status = Status.APPROVED if approve else Status.CHANGES
    if approve and final_needs_chain(request):
        request.status = Status.IN_APPROVAL
    request.save(update_fields=["status", "updated_at"])
    if approve and request.status == Status.IN_APPROVAL:
        _submit_final(actor=actor, request=request)
    elif approve:
        _file_final(actor=actor, version=version)
    if request.designer:
        notify(
            recipients=[request.designer],
            kind="creative_version_answered",
            title=_("Draft %(number)s of “%(title)s”: %(status)s")
            % {"number": version.number, "title": request.title, "status": version.get_status_display()},
            body=comment,
            url=request.get_absolute_url(),
        )
    return version


def final_needs_chain(request: DesignRequest) -> bool:
    """The 3.3 row of the responsibility matrix (the institution's own, else the default) names controls."""
    from pressdesk.organizations.models import Process
    from pressdesk.organizations.queries import responsibility_for

    process = Process.objects.filter(code=DesignRequest.approval_process_code).first()
    row = responsibility_for(process, request.organization) if process else None
    return bool(row and not row.all_staff and row.controls())


def _final_flow(request: DesignRequest) -> Any:
    from pressdesk.approvals import actions as approvals

    return approvals.flow_for(request)


def _submit_final(*, actor: User, request: DesignRequest) -> Any:
    """The approved draft goes up the press unit's chain (unit head … director) as the final."""
    from pressdesk.approvals import actions as approvals

    # The requester is the author; the chain is the press unit's line (``chain_organization``).
    return approvals.submit(actor=request.created_by, target=request)


@transaction.atomic
def deliver_final(*, actor: User, request: DesignRequest) -> Asset:
    """After the chain's approval: the final goes to the library and is delivered in every requested size."""
    request = _lock(request)
    _check_studio(actor, request)
    if request.status != Status.IN_APPROVAL:
        raise ValidationError(_("Only a final in the approval chain is delivered this way."))
    flow = _final_flow(request)
    if flow is None or flow.status != flow.Status.APPROVED:
        raise ValidationError(_("The final must complete its approval chain first."))
    from pressdesk.approvals.registry import content_hash

    if flow.content_hash != content_hash(request.approval_content()):
        raise ValidationError(_("The final changed after it was approved; it must be approved again."))
    version = request.approved_version()
    assert version is not None
    request.status = Status.APPROVED
    request.save(update_fields=["status", "updated_at"])
    asset = _file_final(actor=actor, version=version)
    notify(
        recipients=[request.created_by],
        kind="creative_request_decided",
        title=_("Your design request “%(title)s”: %(status)s")
        % {"title": request.title, "status": request.get_status_display()},
        url=request.get_absolute_url(),
    )
    return asset


def make_deliveries(*, request_id: int) -> int:
    """The approved final in each size and format the brief asked for (idempotent: made ones are skipped)."""
    from pressdesk.creative.models import Delivery

    request = DesignRequest.objects.filter(pk=request_id, status=Status.APPROVED).first()
    version = request.approved_version() if request else None
    if request is None or version is None:
        return 0
    wanted = files.requested_formats(request.sizes, request.medium)
    done = set(request.deliveries.values_list("label", flat=True))
    if all(fmt.label in done for fmt in wanted):
        return 0
    with version.file.open("rb") as handle:
        image = files.open_raster(handle.read(), version.content_type, version.name)
    made = 0
    for fmt in wanted:
        if fmt.label in done:
            continue
        data, width, height = files.deliverable(image, fmt)
        with transaction.atomic():
            if Delivery.objects.filter(request=request, label=fmt.label).exists():
                continue
            row = Delivery(request=request, label=fmt.label, content_type=fmt.content_type, width=width, height=height)
            row.file.save(f"{fmt.slug}.{fmt.extension}", ContentFile(data), save=False)
            row.save()
            made += 1
    return made


def _file_final(*, actor: User, version: Version) -> Asset:
    request = version.request
    with version.file.open("rb") as handle:
        data = handle.read()
    asset = Asset(
        organization=request.organization,
        kind=Asset.Kind.FINAL,
        title=request.title,
        description=request.purpose,
        tags=request.get_kind_display(),
        taken_on=timezone.localdate(),
        credit=request.designer.get_full_name() if request.designer else "",
        name=version.name,
        content_type=version.content_type,
        version=version,
        created_by=actor,
    )
    asset.file.save(version.name or "final", ContentFile(data), save=False)
    asset = _save_asset(asset)
    from pressdesk.creative import tasks
    from pressdesk.outbox.actions import enqueue

    enqueue(tasks.make_deliveries, request.pk)
    return asset


# Assets -------------------------------------------------------------------------------------


def _search_text(asset: Asset) -> str:
    parts = [asset.title, asset.description, asset.tags, asset.event, asset.credit, asset.organization.name]
    return turkish.ascii_fold(" ".join(p for p in parts if p))


def _save_asset(asset: Asset) -> Asset:
    asset.search_text = _search_text(asset)
    needs = asset.content_type in files.ASSET_TYPES
    asset.rendition_status = Asset.RenditionStatus.WAITING if needs else Asset.RenditionStatus.NONE
    asset.save()
    if needs:
        from pressdesk.creative import tasks
        from pressdesk.outbox.actions import enqueue

        enqueue(tasks.make_renditions, asset.pk)
    return asset


@transaction.atomic
def add_asset(
    *,
    actor: User,
    upload: UploadedFile,
    kind: str,
    title: str,
    organization: Organization | None = None,
    description: str = "",
    tags: str = "",
    event: str = "",
    taken_on: datetime.date | None = None,
    credit: str = "",
    rights: str = "",
    rights_expire_on: datetime.date | None = None,
    consent: str = Asset.Consent.NOT_NEEDED,
    consent_file: UploadedFile | None = None,
) -> Asset:
    organization = organization or actor.organization
    if organization is None or not (actor.is_admin or in_scope(actor, organization)):
        raise PermissionDenied(_("You can add assets only for your own institution."))
    limit = settings.CREATIVE_VIDEO_MAX_BYTES if kind == Asset.Kind.VIDEO else settings.CREATIVE_UPLOAD_MAX_BYTES
    content_type = files.check_upload(upload, allowed=files.ASSET_TYPES, max_bytes=limit)
    if consent == Asset.Consent.ON_FILE and consent_file is None:
        raise ValidationError(
            {"consent_file": _("Attach the signed consent form, or mark the asset “Not for publication”.")}
        )
    if consent_file is not None:
        validate_document_upload(consent_file)
    asset = Asset(
        organization=organization,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        tags=", ".join(t.strip() for t in tags.split(",") if t.strip()),
        event=event.strip(),
        taken_on=taken_on,
        credit=credit.strip(),
        rights=rights.strip(),
        rights_expire_on=rights_expire_on,
        consent=consent,
        file=upload,
        name=(upload.name or "")[:200],
        content_type=content_type,
        created_by=actor,
    )
    if consent_file is not None:
        asset.consent_file = consent_file  # type: ignore[assignment]
    return _save_asset(asset)


def assert_publishable(asset: Asset, *, on: datetime.date | None = None) -> None:
    """Refuse an asset that may not appear in anything published (stories, bulletins, posts).

    Other modules call this before attaching a library asset to a published item.
    """
    if asset.consent == Asset.Consent.NOT_FOR_PUBLICATION:
        raise ValidationError(
            _("“%(title)s” is marked “Not for publication” (no consent of the people in it); choose another.")
            % {"title": asset.title}
        )
    if asset.rights_expired(on):
        raise ValidationError(
            _("The rights to “%(title)s” expired on %(date)s; choose another.")
            % {
                "title": asset.title,
                "date": asset.rights_expire_on.strftime("%d.%m.%Y") if asset.rights_expire_on else "",
            }
        )


def publish_problem(asset: Asset) -> str:
    """Why ``asset`` may not appear in anything published (``assert_publishable``'s words), or ``""``."""
    try:
        assert_publishable(asset)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def story_photo_picker(story: Any, user: User) -> dict[str, str] | None:
    """The story page's link to this library's picker (``publishing.extensions.photo_pickers``)."""
    from pressdesk.creative.queries import is_studio

    if not is_studio(user):
        return None
    return {"url": reverse("creative:story_library", args=[story.pk]), "label": _("Pick from the asset library")}


def make_renditions(*, asset_id: int) -> int:
    """Thumbnail, web and social sizes of an asset (idempotent: sizes already made are skipped).

    Progress is written after each size; a worker that dies mid-way leaves the made sizes, and the
    next run (the outbox retries) makes only the missing ones.
    """
    asset = Asset.objects.filter(pk=asset_id).first()
    if asset is None or asset.rendition_status in (Asset.RenditionStatus.DONE, Asset.RenditionStatus.NONE):
        return 0
    Asset.objects.filter(pk=asset_id).update(rendition_status=Asset.RenditionStatus.RUNNING)
    if asset.content_type in files.VIDEO_TYPES:
        return _video_renditions(asset)
    try:
        with asset.file.open("rb") as handle:
            image = files.open_raster(handle.read(), asset.content_type, asset.name)
    except Exception:
        Asset.objects.filter(pk=asset_id).update(rendition_status=Asset.RenditionStatus.FAILED)
        raise
    made = 0
    sizes = list(files.RENDITION_SIZES)
    done = set(asset.renditions.values_list("size", flat=True))
    for index, size in enumerate(sizes, start=1):
        if size not in done:
            data, width, height = files.rendition(image, size)
            with transaction.atomic():
                if not Rendition.objects.filter(asset_id=asset_id, size=size).exists():
                    row = Rendition(asset_id=asset_id, size=size, width=width, height=height)
                    row.file.save(f"{size}.jpg", ContentFile(data), save=False)
                    row.save()
                    made += 1
        Asset.objects.filter(pk=asset_id).update(rendition_progress=int(index * 100 / len(sizes)))
    Asset.objects.filter(pk=asset_id).update(rendition_status=Asset.RenditionStatus.DONE, rendition_progress=100)
    return made


def _save_rendition(asset_id: int, size: str, data: bytes, width: int, height: int) -> bool:
    with transaction.atomic():
        if Rendition.objects.filter(asset_id=asset_id, size=size).exists():
            return False
        row = Rendition(asset_id=asset_id, size=size, width=width, height=height)
        row.file.save(f"{size}.jpg", ContentFile(data), save=False)
        row.save()
    return True


def _video_renditions(asset: Asset) -> int:
    """Poster frame, its image sizes and a web-playable MP4 by ffmpeg, progress written as it goes.

    Each product is skipped when it exists, so a restarted worker resumes and nothing is made twice.
    """
    made = 0
    progress = Asset.objects.filter(pk=asset.pk)
    with tempfile.TemporaryDirectory() as folder:
        source = f"{folder}/original"
        with asset.file.open("rb") as handle, open(source, "wb") as out:
            for piece in handle.chunks():
                out.write(piece)
        try:
            done = set(asset.renditions.values_list("size", flat=True))
            if not {"poster", "thumb", "web"} <= done:
                poster = files.poster_frame(source)
                for size in ("poster", "thumb", "web"):
                    if size not in done:
                        data, width, height = (
                            files.rendition(poster, size) if size != "poster" else files.as_jpeg(poster)
                        )
                        made += _save_rendition(asset.pk, size, data, width, height)
            progress.update(rendition_progress=10)
            if not asset.web_video:
                target = f"{folder}/web.mp4"
                files.transcode(source, target, lambda pct: progress.update(rendition_progress=10 + int(pct * 0.9)))
                with transaction.atomic():
                    locked = Asset.objects.select_for_update(of=("self",)).get(pk=asset.pk)
                    if not locked.web_video:
                        with open(target, "rb") as handle:
                            locked.web_video.save("web.mp4", File(handle), save=False)
                        locked.save(update_fields=["web_video"])
                        made += 1
        except Exception:
            progress.update(rendition_status=Asset.RenditionStatus.FAILED)
            raise
    progress.update(rendition_status=Asset.RenditionStatus.DONE, rendition_progress=100)
    return made


# Videos -------------------------------------------------------------------------------------

#: The size of one chunk the browser sends (the last one is smaller).
VIDEO_CHUNK_BYTES = 4 * 1024 * 1024


@transaction.atomic
def start_video_upload(*, actor: User, title: str, name: str, size: int) -> VideoUpload:
    if actor.organization is None:
        raise PermissionDenied(_("You can add assets only for your own institution."))
    if not title.strip():
        raise ValidationError(_("Give the video a title."))
    if size <= 0:
        raise ValidationError(_("The file is empty."))
    if size > settings.CREATIVE_VIDEO_MAX_BYTES:
        from django.template.defaultfilters import filesizeformat

        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(settings.CREATIVE_VIDEO_MAX_BYTES)}
        )
    return VideoUpload.objects.create(
        organization=actor.organization, title=title.strip(), name=name[:200], size=size, created_by=actor
    )


@transaction.atomic
def receive_chunk(*, actor: User, upload: VideoUpload, offset: int, data: bytes) -> VideoUpload:
    """Store one chunk; a chunk at an offset already received is ignored (a resumed upload repeats it)."""
    upload = VideoUpload.objects.select_for_update(of=("self",)).get(pk=upload.pk)
    if upload.created_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who started the upload can continue it."))
    if upload.status != VideoUpload.Status.UPLOADING:
        raise ValidationError(_("This upload is already complete."))
    if offset < upload.received:
        return upload
    if offset != upload.received:
        raise ValidationError(_("A part of the file is missing; the upload resumes from the last part received."))
    if not data or upload.received + len(data) > upload.size or len(data) > VIDEO_CHUNK_BYTES:
        raise ValidationError(_("The part sent does not fit the file's announced size."))
    if offset == 0 and files.sniff(data[:4096]) not in files.VIDEO_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a video: its content is not MP4, MOV or WebM.") % {"name": upload.name}
        )
    default_storage.save(upload.chunk_name(upload.chunks), ContentFile(data))
    upload.chunks += 1
    upload.received += len(data)
    upload.save(update_fields=["chunks", "received"])
    return upload


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@transaction.atomic
def finish_video_upload(*, actor: User, upload: VideoUpload) -> Asset:
    """Join the chunks into the library's original and queue the poster frame and the web copy."""
    upload = VideoUpload.objects.select_for_update(of=("self",)).get(pk=upload.pk)
    if upload.created_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who started the upload can continue it."))
    if upload.asset_id:
        return upload.asset  # type: ignore[return-value]
    if upload.received != upload.size:
        raise ValidationError(_("The upload is not complete yet."))
    with tempfile.TemporaryFile() as joined:
        for index in range(upload.chunks):
            with default_storage.open(upload.chunk_name(index), "rb") as part:
                for piece in part.chunks():
                    joined.write(piece)
        joined.seek(0)
        content_type = files.sniff(joined.read(4096)) or files.MP4
        joined.seek(0)
        asset = Asset(
            organization=upload.organization,
            kind=Asset.Kind.VIDEO,
            title=upload.title,
            name=upload.name,
            content_type=content_type,
            taken_on=timezone.localdate(),
            created_by=actor,
        )
        asset.file.save(upload.name or "video.mp4", File(joined), save=False)
    _save_asset(asset)
    upload.asset = asset
    upload.status = VideoUpload.Status.DONE
    upload.save(update_fields=["asset", "status"])
    names = [upload.chunk_name(index) for index in range(upload.chunks)]
    transaction.on_commit(lambda: _delete_files(names))
    return asset


@transaction.atomic
def log_download(*, actor: User, asset: Asset, size: str = "") -> Download:
    return Download.objects.create(asset=asset, size=size, user=actor)


def delivery_zip(*, actor: User, request: DesignRequest) -> tempfile.SpooledTemporaryFile[bytes]:
    """The original and every delivered size in one zip; the download is logged on the final's asset."""
    import zipfile

    if request.status != Status.APPROVED:
        raise ValidationError(_("The final is not delivered yet."))
    version = request.approved_version()
    asset = Asset.objects.filter(version=version).first() if version else None
    deliveries = list(request.deliveries.all())
    if asset is None:
        raise ValidationError(_("The final is not delivered yet."))
    out: tempfile.SpooledTemporaryFile[bytes] = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with asset.file.open("rb") as handle:
            archive.writestr(f"original/{asset.name or 'final'}", handle.read())
        for delivery in deliveries:
            with delivery.file.open("rb") as handle:
                extension = delivery.file.name.rsplit(".", 1)[-1]
                archive.writestr(f"{files.safe_name(delivery.label)}.{extension}", handle.read())
    out.seek(0)
    log_download(actor=actor, asset=asset, size="zip")
    return out


# Library assets on stories -------------------------------------------------------------------


@transaction.atomic
def attach_to_story(*, actor: User, story: Any, asset: Asset, caption: str = "") -> Any:
    """Attach a library photo or video to a news story; refused when it may not be published."""
    from pressdesk.creative.models import StoryAttachment
    from pressdesk.publishing import actions as publishing

    if not in_scope(actor, asset.organization) and not actor.is_admin:
        raise PermissionDenied(_("You cannot use this asset."))
    if not publishing.can_edit(actor, story):
        raise PermissionDenied(_("This story cannot be edited now."))
    assert_publishable(asset)
    if StoryAttachment.objects.filter(story=story, asset=asset).exists():
        raise ValidationError(_("“%(title)s” is already on this story.") % {"title": asset.title})
    photo = None
    if asset.kind == Asset.Kind.VIDEO:
        if not asset.web_video:
            raise ValidationError(_("The video's web copy is not ready yet; try again when it is."))
    elif asset.content_type in (files.PNG, files.JPEG):
        from django.core.files.uploadedfile import SimpleUploadedFile

        with asset.file.open("rb") as handle:
            data = handle.read()
        upload = SimpleUploadedFile(asset.name or "foto.jpg", data, content_type=asset.content_type)
        photo = publishing.add_photo(
            actor=actor, story=story, upload=upload, caption=caption.strip() or asset.title, credit=asset.credit
        )
    else:
        raise ValidationError(_("Only photos and videos of the library can be attached to a story."))
    return StoryAttachment.objects.create(story=story, asset=asset, photo=photo, created_by=actor)


def _attachments(story: Any) -> list[Any]:
    from pressdesk.creative.models import StoryAttachment

    return list(StoryAttachment.objects.filter(story_id=story.pk).select_related("asset").order_by("pk"))


def story_problems(story: Any) -> list[str]:
    """Publishing's check before a story is published or scheduled: every library asset on it may be."""
    problems = []
    for attachment in _attachments(story):
        try:
            assert_publishable(attachment.asset)
        except ValidationError as exc:
            problems.extend(exc.messages)
    return problems


def newsroom_videos(story: Any) -> list[dict[str, str]]:
    """The players of the library videos on the story: the public page's addresses (``url``,
    ``poster``: served only for a public story) and the internal story page's (``staff_url``,
    ``staff_poster``: served to the story's readers)."""
    from django.urls import reverse

    return [
        {
            "url": reverse("creative:public_video", args=[a.pk]),
            "poster": reverse("creative:public_poster", args=[a.pk]),
            "staff_url": reverse("creative:story_video", args=[a.pk]),
            "staff_poster": reverse("creative:story_poster", args=[a.pk]),
            "title": a.asset.title,
        }
        for a in _attachments(story)
        if a.asset.kind == Asset.Kind.VIDEO and a.asset.web_video
    ]


def story_videos(story: Any) -> list[Any]:
    """The web copies of the library videos on a story, for YouTube."""
    from pressdesk.channels.base import MediaFile

    return [
        MediaFile(name=a.asset.web_video.name, content_type="video/mp4", alt_text=a.asset.title)
        for a in _attachments(story)
        if a.asset.kind == Asset.Kind.VIDEO and a.asset.web_video
    ]


# Special days -------------------------------------------------------------------------------


@transaction.atomic
def set_responsible(*, actor: User, day: SpecialDay, people: Iterable[User]) -> SpecialDay:
    if not (actor.is_admin or actor.is_superior):
        raise PermissionDenied(_("Only a superior names the people responsible for a special day."))
    chosen = list(people)
    own = province_of(actor.organization) if not actor.is_admin else None
    if own is not None and any(province_of(p.organization) != own for p in chosen):
        raise ValidationError({"people": _("Choose people of this province.")})
    keep = [p for p in day.responsible.all() if own is not None and province_of(p.organization) != own]
    day.responsible.set([*keep, *chosen])
    return day


# Special day packages (3.5.2–3.5.4) ----------------------------------------------------------


@transaction.atomic
def start_package(*, actor: User, day: SpecialDay, year: int) -> DayPackage:
    """The day's package for ``year`` in the actor's province; last year's texts are offered as a start."""
    province = province_for(actor)
    if not queries.is_studio(actor) or province is None:
        raise PermissionDenied(_("Only the province's press unit prepares the special days' content."))
    package = DayPackage.objects.filter(day=day, year=year, organization=province).first()
    if package is not None:
        return package
    last = DayPackage.objects.filter(day=day, year=year - 1, organization=province).first()
    return DayPackage.objects.create(
        day=day,
        year=year,
        organization=province,
        press_text=last.press_text if last else "",
        social_posts=last.social_posts if last else "",
        created_by=actor,
    )


def _package_flow(package: DayPackage) -> Any:
    from pressdesk.approvals import actions as approvals

    return approvals.flow_for(package)


@transaction.atomic
def save_package(*, actor: User, package: DayPackage, press_text: str, social_posts: str) -> DayPackage:
    if not queries.is_studio(actor) or not in_scope(actor, package.organization):
        raise PermissionDenied(_("Only the province's press unit prepares the special days' content."))
    flow = _package_flow(package)
    if package.status != DayPackage.Status.DRAFT or (flow is not None and flow.status not in flow.EDITABLE):
        raise ValidationError(_("The package is in its approval chain or handed on; it can no longer be changed."))
    # A browser sends a textarea's line breaks as CR LF: store LF, so paragraphs split on blank lines.
    package.press_text = lf(press_text).strip()
    package.social_posts = lf(social_posts).strip()
    package.save(update_fields=["press_text", "social_posts", "updated_at"])
    return package


@transaction.atomic
def submit_package(*, actor: User, package: DayPackage) -> Any:
    """The package goes up the 3.5 chain (unit head … director)."""
    from pressdesk.approvals import actions as approvals

    if not package.press_text.strip():
        raise ValidationError(_("Write the text for the press before sending the package for approval."))
    if actor.pk != package.created_by_id:
        raise PermissionDenied(_("Only the person who prepared the package sends it for approval."))
    return approvals.submit(actor=actor, target=package)


@transaction.atomic
def hand_to_publishing(*, actor: User, package: DayPackage) -> Any:
    """After the director's approval the package becomes a draft story in publishing, dated for the day.

    Publishing has no entry point that takes content approved elsewhere and schedules it, so the
    story is created as a draft (``publishing.actions.create_story``) and scheduled there.
    """
    from pressdesk.publishing import actions as publishing

    package = DayPackage.objects.select_for_update(of=("self",)).get(pk=package.pk)
    flow = _package_flow(package)
    if flow is None or flow.status != flow.Status.APPROVED:
        raise ValidationError(_("The package must be approved up to the director first."))
    if package.story_id:
        return package.story
    story = publishing.create_story(
        actor=actor,
        organization=package.organization,
        title=package.day.name,
        body_html=_package_body(package),
        social_text=package.social_posts[:1000],
        event_name=package.day.name,
        event_date=package.day.date_in(package.year),
        goes_to_press=True,
    )
    package.story = story
    package.status = DayPackage.Status.HANDED
    package.save(update_fields=["story", "status", "updated_at"])
    return story


def _package_body(package: DayPackage) -> str:
    from django.utils.html import escape

    from pressdesk.publishing import text as publishing_text

    paragraphs = paragraphs_of(package.press_text)
    return publishing_text.sanitize_body("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def _package_spot(package: DayPackage) -> str:
    first = next(iter(paragraphs_of(package.press_text)), package.day.name)
    return first[:600]


def _story_is_the_package(story: Any, package: DayPackage) -> bool:
    """The handed story still says only what the package's chain approved (no edits, no photos added)."""
    return (
        story.title == package.day.name
        and story.body_html == _package_body(package)
        and story.social_text == package.social_posts[:1000]
        and story.spot in ("", _package_spot(package))
        and not story.photos.exists()
        and not story.video_urls.strip()
    )


def _story_hash(story: Any) -> str:
    from pressdesk.approvals.registry import content_hash
    from pressdesk.publishing.models import NewsStory

    return content_hash(NewsStory.objects.get(pk=story.pk).approval_content())


@transaction.atomic
def schedule_package(
    *,
    actor: User,
    package: DayPackage,
    channels: Iterable[Any] | None = None,
    publish_time: datetime.time | None = None,
) -> Any:
    """After the director's approval: the day's story and its social posts are scheduled for the day (3.5.4).

    The story is made from the approved package (its own 3.6 chain is not asked again: the package's
    3.5 chain covers it, see ``package_approval``), scheduled through ``publishing.publish`` for the
    package's time on the day, on the package's accounts, each with its own paragraph of the posts,
    and e-mailed to the press list at the same time.
    """
    from pressdesk.publishing import actions as publishing
    from pressdesk.publishing import text as publishing_text
    from pressdesk.publishing.models import Publication

    package = DayPackage.objects.select_for_update(of=("self",)).get(pk=package.pk)
    if not queries.is_studio(actor) or not in_scope(actor, package.organization):
        raise PermissionDenied(_("Only the province's press unit prepares the special days' content."))
    if package.status == DayPackage.Status.SCHEDULED:
        raise ValidationError(_("The package is already scheduled."))
    if channels is not None:
        chosen = list(channels)
        if any(not in_scope(actor, channel.organization) for channel in chosen):
            raise PermissionDenied
        package.channels.set(chosen)
    if publish_time is not None:
        package.publish_time = publish_time
        package.save(update_fields=["publish_time", "updated_at"])
    flow = _package_flow(package)
    if flow is None or flow.status != flow.Status.APPROVED:
        raise ValidationError(_("The package must be approved up to the director first."))
    from pressdesk.approvals.registry import content_hash

    if flow.content_hash != content_hash(package.approval_content()):
        raise ValidationError(_("The package changed after it was approved; it must be approved again."))
    when = package.publish_at()
    if when <= timezone.now() and package.day.date_in(package.year) < timezone.localdate():
        raise ValidationError(_("The day has passed; the package can no longer be scheduled for it."))
    channels = list(package.channels.filter(is_active=True))
    posts = package.channel_posts()
    for channel in channels:
        post = posts.get(channel.kind)
        if post and publishing_text.check_length(channel.kind, post).over:
            raise ValidationError(
                _("The post for %(channel)s is too long for it; shorten it in the package.") % {"channel": channel.name}
            )
    story = package.story or hand_to_publishing(actor=actor, package=package)
    if not _story_is_the_package(story, package):
        raise ValidationError(
            _("The story was changed in publishing after it was handed on; schedule it there, after its own approval.")
        )
    if not story.spot:
        from pressdesk.publishing.models import NewsStory

        NewsStory.objects.filter(pk=story.pk).update(spot=_package_spot(package))
    story.channels.set(channels)
    package.story_hash = _story_hash(story)
    package.status = DayPackage.Status.SCHEDULED
    package.save(update_fields=["story_hash", "status", "updated_at"])
    story.refresh_from_db()
    from pressdesk.publishing.models import PressContact

    press = PressContact.objects.filter(
        is_active=True, unsubscribed_at__isnull=True, organization__path__startswith=package.organization.path
    ).exists()
    publishing.publish(
        actor=actor, story=story, channels=channels, when=when, email_press=story.goes_to_press and press
    )
    for channel in channels:
        post = posts.get(channel.kind)
        if post:
            Publication.objects.filter(story=story, channel=channel, status=Publication.Status.SCHEDULED).update(
                text=post
            )
    return story


def package_approval(story: Any) -> str | None:
    """Publishing's approval source: a story made from a day's package is covered by the package's chain
    while neither the package nor the story changed since it was scheduled; ``None`` for other stories."""
    from pressdesk.approvals.registry import content_hash

    package = DayPackage.objects.filter(story_id=story.pk, status=DayPackage.Status.SCHEDULED).first()
    if package is None:
        return None
    flow = _package_flow(package)
    if (
        flow is None
        or flow.status != flow.Status.APPROVED
        or flow.content_hash != content_hash(package.approval_content())
    ):
        return _("The day's package has not completed its approval chain; nothing is published before that.")
    if package.story_hash != content_hash(story.approval_content()):
        return _("The story changed after the day's package was approved; it must be approved again.")
    return ""


# Video shoots (3.13.1–3.13.2) ----------------------------------------------------------------


@transaction.atomic
def plan_shoot(
    *,
    actor: User,
    topic: str,
    outline: str,
    place: str,
    starts_at: datetime.datetime,
    equipment: str = "",
    checklist: str = "",
) -> Any:
    """A shoot planned by the unit: topic, script or outline, place, date, equipment and the place's checklist."""
    from pressdesk.creative.models import ShootPlan, ShootTask

    province = province_for(actor)
    if not queries.is_studio(actor) or province is None:
        raise PermissionDenied(_("Only the province's press unit plans video shoots."))
    if not topic.strip() or not outline.strip() or not place.strip():
        raise ValidationError(_("Write the topic, the script or outline and the place of the shoot."))
    plan = ShootPlan.objects.create(
        organization=actor.organization or province,
        topic=topic.strip(),
        outline=outline.strip(),
        place=place.strip(),
        starts_at=starts_at,
        equipment="\n".join(line.strip() for line in equipment.splitlines() if line.strip()),
        created_by=actor,
    )
    ShootTask.objects.bulk_create(
        [ShootTask(plan=plan, text=line.strip()[:300]) for line in checklist.splitlines() if line.strip()]
    )
    return plan


def _check_plan(actor: User, plan: Any) -> None:
    if not queries.is_studio(actor) or not in_scope(actor, plan.organization):
        raise PermissionDenied(_("Only the province's press unit plans video shoots."))


@transaction.atomic
def add_shoot_person(
    *, actor: User, plan: Any, name: str, consent: str, role: str = "", consent_file: UploadedFile | None = None
) -> Any:
    """Someone to be filmed; a person with consent needs the signed form, else they are not filmed."""
    from pressdesk.creative.models import ShootPerson

    _check_plan(actor, plan)
    if not name.strip():
        raise ValidationError({"name": _("Write the person's name.")})
    if consent == Asset.Consent.ON_FILE and consent_file is None:
        raise ValidationError(
            {"consent_file": _("Attach the signed consent form, or mark the asset “Not for publication”.")}
        )
    if consent_file is not None:
        validate_document_upload(consent_file)
    person = ShootPerson(plan=plan, name=name.strip(), role=role.strip(), consent=consent)
    if consent_file is not None:
        person.consent_file = consent_file  # type: ignore[assignment]
    person.save()
    return person


@transaction.atomic
def tick_shoot_task(*, actor: User, task: Any, done: bool) -> Any:
    _check_plan(actor, task.plan)
    task.done_by, task.done_at = (actor, timezone.now()) if done else (None, None)
    task.save(update_fields=["done_by", "done_at"])
    return task


@transaction.atomic
def link_shoot_video(*, actor: User, plan: Any, asset: Asset) -> Any:
    """The edited video of the shoot; it inherits "not for publication" if someone filmed has no consent."""
    _check_plan(actor, plan)
    if asset.kind != Asset.Kind.VIDEO or not in_scope(actor, asset.organization):
        raise ValidationError(_("Choose a video of the library."))
    plan.video = asset
    plan.status = plan.Status.SHOT
    plan.save(update_fields=["video", "status"])
    if plan.people.filter(consent=Asset.Consent.NOT_FOR_PUBLICATION).exists():
        Asset.objects.filter(pk=asset.pk).update(consent=Asset.Consent.NOT_FOR_PUBLICATION)
    elif plan.people.filter(consent=Asset.Consent.ON_FILE).exists() and asset.consent == Asset.Consent.NOT_NEEDED:
        Asset.objects.filter(pk=asset.pk).update(consent=Asset.Consent.ON_FILE)
    return plan
