"""State changes of media monitoring: manual clips, sources, outlets and watch terms.

Polling lives in ``polling.py``, ingest in ``ingest.py``, its bulk inserts in ``bulk.py``.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.monitoring import bulk, fetching, normalize
from pressdesk.monitoring.ingest import DEFAULT_ENGINES, Engines, ingest_entries, site_of
from pressdesk.monitoring.models import (
    Backfill,
    ClipFile,
    ClipRequest,
    Item,
    ItemMatch,
    Outlet,
    Source,
    WatchTerm,
    WebSubSubscription,
)
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry
from pressdesk.outbox.actions import enqueue

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

log = logging.getLogger(__name__)

# --- Manual clips -------------------------------------------------------------


def can_add_items(actor: User) -> bool:
    return actor.is_active and (actor.is_unit_member or actor.is_admin)


def _manual_source(outlet: Outlet, actor: User | None, organization: Any = None) -> Source:
    """The outlet's manual-entry source of the actor's province (created on first use).

    It belongs to the province like a polled source, so alert rules, statistics and
    scoping treat a hand-added clip as any other item of that province. ``organization``
    names the province when there is no actor (an export that came by e-mail).
    """
    if organization is None:
        assert actor is not None
        organization = _source_organization(actor)
    source = (
        Source.objects.filter(outlet=outlet, kind=Source.Kind.MANUAL, organization=organization).order_by("pk").first()
    )
    if source is None:
        source = Source.objects.create(
            outlet=outlet,
            kind=Source.Kind.MANUAL,
            organization=organization,
            name=_("Manual entries: %(outlet)s") % {"outlet": outlet.name},
            is_active=False,
            created_by=actor,
        )
    return source


@transaction.atomic
def add_manual_item(
    *,
    actor: User,
    outlet: Outlet,
    url: str,
    title: str,
    text: str = "",
    published_at: datetime.datetime | None = None,
    image_url: str = "",
    guid: str = "",
    engines: Engines = DEFAULT_ENGINES,
) -> Item:
    """Store a clip pasted by staff (a missed article, a clipping service's e-mail), matched and clustered.

    Adding the same clip twice returns the item stored the first time.
    """
    if not can_add_items(actor):
        raise PermissionDenied
    source = _manual_source(outlet, actor)
    now = timezone.now()
    entry = ParsedEntry(
        url=url.strip(),
        title=normalize.html_to_text(title),
        text=normalize.html_to_text(text),
        published_at=min(published_at, now) if published_at else None,
        image_url=image_url.strip(),
        guid=guid,
    )
    ingest = ingest_entries(source=source, entries=[entry], fetched_at=now, actor=actor, engines=engines)
    if ingest.items:
        return ingest.items[0]
    (identity,) = normalize.identity_hashes([entry])
    existing = Item.objects.filter(source=source, identity_hash=identity).first()
    if existing is None:  # a title already clipped in the last 7 days
        existing = Item.objects.filter(source=source, title_hash=normalize.title_hash(entry.title)).latest("fetched_at")
    return existing


@transaction.atomic
def add_clip_by_hand(
    *,
    actor: User,
    outlet: Outlet,
    title: str,
    published_at: datetime.datetime | None,
    text: str = "",
    url: str = "",
    upload: UploadedFile | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> Item:
    """A clip with no readable address (paywalled, print, broadcast): typed in by staff, with an optional file.

    Stored in the outlet's manual-entry source like every clip, so it is matched
    against the watch terms, grouped into a story and raises alerts. The file is
    checked by ``lib/files.py`` and kept with the item; a scan without text (an image,
    or a PDF without a text layer) is read by OCR in the background, as a print clip's.
    """
    from pressdesk.lib.files import validate_document_upload

    if not can_add_items(actor):
        raise PermissionDenied
    if upload is not None:
        validate_document_upload(upload)
    item = add_manual_item(
        actor=actor, outlet=outlet, url=url, title=title, text=text, published_at=published_at, engines=engines
    )
    if upload is not None:
        read_by_ocr = _scan_without_text(upload)
        name = (upload.name or "dosya").rsplit("/", 1)[-1][:255]
        clip_file = ClipFile.objects.create(item=item, file=upload, original_name=name, uploaded_by=actor)
        if read_by_ocr:
            _queue_ocr(clip_file)
    return item


def _scan_without_text(upload: UploadedFile) -> bool:
    """Whether only OCR can read the file: an image, or a PDF without a text layer (as for print clips)."""
    from pressdesk.monitoring import clipmedia

    name = upload.name or ""
    if name.lower().endswith(".pdf"):
        return not clipmedia.pdf_text(upload)
    return clipmedia.needs_ocr(name)


def _broadcast_guid(outlet: Outlet, medium: str, aired_at: datetime.datetime, programme: str, page: str) -> str:
    """A clip without an address is known by its outlet, medium, minute, programme or page (entered twice = once)."""
    from pressdesk.lib.turkish import casefold

    moment = timezone.localtime(aired_at).strftime("%Y-%m-%dT%H:%M")
    where = casefold(normalize.html_to_text(programme or page).strip())
    return f"clip:{medium}:{outlet.pk}:{moment}:{where}"[:2000]


@transaction.atomic
def add_broadcast_clip(
    *,
    actor: User,
    outlet: Outlet,
    medium: str,
    title: str,
    aired_at: datetime.datetime,
    programme: str = "",
    duration_seconds: int | None = None,
    page: str = "",
    summary: str = "",
    transcript: str = "",
    reach: int | None = None,
    archive_url: str = "",
    media: UploadedFile | None = None,
    scan: UploadedFile | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> Item:
    """A TV or radio item, or a print clip, without an address: stored through the same ingest as every item.

    The text matched against the watch terms is the summary, the transcript or notes
    and, for a print scan in PDF, the text read from it. The clip's file (audio/video
    checked by content and size, or the scan) is kept with the item; the broadcast
    details and the reach or circulation in ``ClipDetails``. Entering the same
    programme of the same outlet at the same minute again returns the first item.
    """
    from pressdesk.monitoring import clipmedia
    from pressdesk.monitoring.models import ClipDetails

    if not can_add_items(actor):
        raise PermissionDenied
    if medium not in ClipDetails.Medium.values:
        raise ValidationError(_("Unknown medium."))
    if media is not None:
        clipmedia.validate_media_upload(media)
    scan_text = ""
    scan_ocr = False
    if scan is not None:
        clipmedia.validate_scan_upload(scan)
        if (scan.name or "").lower().endswith(".pdf"):
            scan_text = clipmedia.pdf_text(scan)
            scan_ocr = not scan_text  # an image-only PDF: its pages are read by OCR
        else:
            scan_ocr = clipmedia.needs_ocr(scan.name or "")
    parts = [summary.strip(), transcript.strip(), scan_text]
    text = "\n\n".join(part for part in parts if part)
    if not text and media is None and scan is None and not archive_url:
        raise ValidationError(_("Give a summary, a transcript or notes, a file or the archive link."))
    item = add_manual_item(
        actor=actor,
        outlet=outlet,
        url="",
        title=title,
        text=text,
        published_at=aired_at,
        guid=_broadcast_guid(outlet, medium, aired_at, programme, page),
        engines=engines,
    )
    _details, created = ClipDetails.objects.get_or_create(
        item=item,
        defaults={
            "medium": medium,
            "programme": programme.strip()[:300],
            "aired_at": aired_at,
            "duration_seconds": duration_seconds,
            "page": page.strip()[:50],
            "reach": reach,
            "archive_url": archive_url.strip()[:2000],
            "created_by": actor,
        },
    )
    if created:
        for upload in (media, scan):
            if upload is not None:
                name = (upload.name or "dosya").rsplit("/", 1)[-1][:255]
                clip_file = ClipFile.objects.create(item=item, file=upload, original_name=name, uploaded_by=actor)
                if upload is scan and scan_ocr:
                    _queue_ocr(clip_file)
    return item


def _queue_ocr(clip_file: ClipFile) -> None:
    """Read the scan's text in the background (through the outbox, after the clip is saved)."""
    from pressdesk.monitoring import tasks

    clip_file.ocr_status = ClipFile.OcrStatus.WAITING
    clip_file.save(update_fields=["ocr_status"])
    enqueue(tasks.ocr_clip_file, clip_file.pk)


def run_clip_ocr(*, clip_file_id: int, engines: Engines = DEFAULT_ENGINES) -> ClipFile | None:
    """Read a waiting scan with Tesseract, add the text to its item and match the item again.

    The item goes through the matching and alerting it would have had at ingest:
    the watch terms are matched against the new text (the ``ItemMatch`` rows
    missing are added) and ``items_ingested`` is sent again with
    ``text_added=True``, so triage evaluates the story's alert rules, which raise
    an alert once per rule and story (never twice for the same item). Idempotent:
    a scan that is not waiting is left alone. A missing ``tesseract`` or an
    unreadable scan leaves the clip as it is, with a note.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    from pressdesk.lib.turkish import normalize_text
    from pressdesk.monitoring import clipmedia

    clip_file = ClipFile.objects.filter(pk=clip_file_id).first()
    if clip_file is None or clip_file.ocr_status != ClipFile.OcrStatus.WAITING:
        return clip_file
    try:
        text = _ocr_stored_file(clip_file)
    except (clipmedia.OcrUnavailable, clipmedia.OcrFailed) as exc:
        return _finish_ocr(clip_file, status=ClipFile.OcrStatus.FAILED, note=str(exc))
    except SoftTimeLimitExceeded:
        return _finish_ocr(clip_file, status=ClipFile.OcrStatus.FAILED, note=_("Reading the scan took too long."))
    except OSError:
        log.warning("The scan of clip file %s could not be opened", clip_file.pk, exc_info=True)
        return _finish_ocr(clip_file, status=ClipFile.OcrStatus.FAILED, note=_("The scan's file could not be opened."))
    with transaction.atomic():
        locked = ClipFile.objects.select_for_update().filter(pk=clip_file.pk).first()
        if locked is None or locked.ocr_status != ClipFile.OcrStatus.WAITING:
            return locked  # a second delivery of the task finished it meanwhile
        if not text:
            return _finish_ocr(locked, status=ClipFile.OcrStatus.DONE, note=_("No text was found on the scan."))
        item = Item.objects.select_related("source").get(pk=locked.item_id)
        item.text = "\n\n".join(part for part in (item.text.strip(), normalize_text(text)) if part)
        item.save(update_fields=["text"])
        _match_again(item, engines)
        from pressdesk.monitoring import signals

        signals.items_ingested.send(sender=Source, source=item.source, items=[item], text_added=True)
        return _finish_ocr(
            locked,
            status=ClipFile.OcrStatus.DONE,
            note=_("%(count)s characters read.") % {"count": len(text)},
        )


def _ocr_stored_file(clip_file: ClipFile) -> str:
    """OCR of the stored file, copied to a temporary file of the same extension (any storage backend)."""
    import shutil
    import tempfile
    from pathlib import PurePath

    from django.conf import settings

    from pressdesk.monitoring import clipmedia

    suffix = PurePath(clip_file.original_name or clip_file.file.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        with clip_file.file.open("rb") as stored:
            shutil.copyfileobj(stored, handle)
        handle.flush()
        return clipmedia.ocr_text(handle.name, max_pages=settings.MONITORING_OCR_MAX_PAGES)


def _match_again(item: Item, engines: Engines) -> None:
    """Add the matches of the active watch terms that the item's new text brings."""
    from pressdesk.monitoring.ingest import _spans_matcher, active_terms

    matcher = engines.matcher_factory(active_terms())
    if matcher is None:
        return
    found = _spans_matcher(matcher)(item.title, item.text, site_of(item.original_url or item.url))
    if not found:
        return
    existing = set(ItemMatch.objects.filter(item_id=item.pk).values_list("term_id", "field"))
    bulk.insert_matches(
        (item.pk, term_id, field, spans)
        for term_id, by_field in found.items()
        for field, spans in by_field.items()
        if (term_id, field) not in existing
    )
    if not item.matched:
        Item.objects.filter(pk=item.pk).update(matched=True)
        item.matched = True


def _finish_ocr(clip_file: ClipFile, *, status: str, note: str) -> ClipFile:
    clip_file.ocr_status = status
    clip_file.ocr_note = note[:500]
    clip_file.ocr_finished_at = timezone.now()
    clip_file.save(update_fields=["ocr_status", "ocr_note", "ocr_finished_at"])
    return clip_file


def add_clip_from_url(
    *,
    actor: User,
    outlet: Outlet,
    url: str,
    fetch: Callable[..., fetching.FetchResult] | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> Item:
    """Fetch the article at ``url`` (safe fetcher) and store it as a clip with its title, text, date and image.

    Raises ``fetching.FetchError`` or ``parsing.FeedParseError`` when the page
    cannot be fetched or has no article; nothing is stored then.
    """
    if not can_add_items(actor):
        raise PermissionDenied
    from pressdesk.monitoring.sources import Client, article

    client = Client(fetch=fetch or fetching.fetch)
    result = client.get(url.strip(), max_bytes=article.ARTICLE_MAX_BYTES)
    try:
        found = article.extract(result.body, url=result.url or url.strip(), content_type=result.content_type)
    except FeedParseError as exc:
        exc.found = article.page_metadata(result.body, url=result.url or url.strip())  # type: ignore[attr-defined]
        raise
    found.url = url.strip()
    return add_manual_item(
        actor=actor,
        outlet=outlet,
        url=found.url,
        title=found.title or url,
        text=found.text,
        published_at=found.published_at,
        image_url=found.image_url,
        engines=engines,
    )


@transaction.atomic
def request_clip(*, actor: User, outlet: Outlet, url: str) -> ClipRequest:
    """Queue the clip of ``url``: a task fetches it after commit; the user follows its progress."""
    if not can_add_items(actor):
        raise PermissionDenied
    clip = ClipRequest.objects.create(requested_by=actor, outlet=outlet, url=url.strip())
    from pressdesk.monitoring import tasks

    enqueue(tasks.fetch_clip, clip.pk)
    return clip


def run_clip_request(
    *,
    clip_request_id: int,
    fetch: Callable[..., fetching.FetchResult] | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> ClipRequest | None:
    """Fetch and store one queued clip, recording its progress and outcome (a finished one is left alone)."""
    clip = ClipRequest.objects.select_related("requested_by", "outlet").filter(pk=clip_request_id).first()
    if clip is None or clip.finished:
        return clip
    ClipRequest.objects.filter(pk=clip.pk).update(status=ClipRequest.Status.FETCHING)
    try:
        item = add_clip_from_url(
            actor=clip.requested_by, outlet=clip.outlet, url=clip.url, fetch=fetch, engines=engines
        )
    except fetching.FetchError as exc:
        return _finish_clip(clip, error=_("The page could not be fetched: %(reason)s") % {"reason": exc})
    except FeedParseError as exc:
        clip.found = getattr(exc, "found", {}) or {}
        return _finish_clip(clip, error=_("No article could be read from this page."))
    except PermissionDenied:
        return _finish_clip(clip, error=_("You can no longer add clips."))
    return _finish_clip(clip, item=item)


def _finish_clip(clip: ClipRequest, *, item: Item | None = None, error: str = "") -> ClipRequest:
    clip.item = item
    clip.error = error[:2000]
    clip.status = ClipRequest.Status.FAILED if error else ClipRequest.Status.DONE
    clip.finished_at = timezone.now()
    clip.save(update_fields=["item", "error", "status", "finished_at", "found"])
    return clip


# --- Configuration: sources and watch terms -----------------------------------


def can_configure(actor: User) -> bool:
    return actor.is_active and (actor.is_unit_member or actor.is_admin)


def _source_organization(actor: User) -> Any:
    """The province the actor's unit belongs to (its scope root), else the actor's own organization."""
    from pressdesk.organizations.models import Organization
    from pressdesk.organizations.queries import scope_root

    root = scope_root(actor)
    return root if isinstance(root, Organization) else actor.organization


SOURCE_FIELDS = ("name", "kind", "url", "poll_interval", "allowed_private", "config", "password")


def _check_source_fields(actor: User, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown source fields: {sorted(unknown)}")
    if "allowed_private" in fields and not actor.is_admin:
        raise PermissionDenied
    return fields


@transaction.atomic
def create_outlet(
    *, actor: User, name: str, kind: str = Outlet.Kind.NEWS_SITE, province: str = "", reach: int = 0
) -> Outlet:
    if not can_configure(actor):
        raise PermissionDenied
    return Outlet.objects.create(name=name, kind=kind, province=province, reach=reach, created_by=actor)


@transaction.atomic
def create_source(*, actor: User, outlet: Outlet, **fields: Any) -> Source:
    """A new source of the actor's province, checked at once (``next_check_at`` = now)."""
    if not can_configure(actor):
        raise PermissionDenied
    _check_source_fields(actor, fields)
    poll_interval = fields.get("poll_interval")
    if poll_interval:
        fields["poll_interval"] = max(int(poll_interval), Source._meta.get_field("min_interval").get_default())
    fields["secret"] = _encrypted(fields.pop("password", ""))
    return Source.objects.create(
        outlet=outlet,
        organization=_source_organization(actor),
        next_check_at=timezone.now(),
        created_by=actor,
        **fields,
    )


def _encrypted(password: str) -> str:
    from pressdesk.monitoring.sources import credentials

    return credentials.encrypt(password) if password else ""


def _check_can_change_source(actor: User, source: Source) -> None:
    from pressdesk.monitoring.queries import sources_visible_to

    if not can_configure(actor) or not sources_visible_to(actor).filter(pk=source.pk).exists():
        raise PermissionDenied


def _address_changes(source: Source, fields: dict[str, Any]) -> bool:
    """Whether ``fields`` change where the source connects (its address or its mail server)."""
    if fields.get("url", source.url) != source.url or fields.get("kind", source.kind) != source.kind:
        return True
    old, new = source.config or {}, fields.get("config", source.config) or {}
    return any(old.get(key) != new.get(key) for key in ("host", "port", "security"))


@transaction.atomic
def update_source(*, actor: User, source: Source, outlet: Outlet | None = None, **fields: Any) -> Source:
    _check_can_change_source(actor, source)
    _check_source_fields(actor, fields)
    if outlet is not None:
        source.outlet = outlet
    password = fields.pop("password", "")
    if password:  # an empty password keeps the stored one
        source.secret = _encrypted(password)
    if fields.get("url", source.url) != source.url or fields.get("config", source.config) != source.config:
        source.state = {}  # another account, tag or page: its cursor starts again
        source.etag = source.last_modified = source.body_hash = ""
    if not actor.is_admin and source.allowed_private and _address_changes(source, fields):
        # An administrator allowed the internal host they saw, not whatever the source points at next.
        source.allowed_private = False
    for name, value in fields.items():
        setattr(source, name, value)
    if "url" in fields or "poll_interval" in fields or "config" in fields or password:
        source.next_check_at = timezone.now()  # a changed address or interval is checked at once
    source.save()
    return source


@transaction.atomic
def set_source_active(*, actor: User, source: Source, active: bool) -> Source:
    _check_can_change_source(actor, source)
    source.is_active = active
    if active:
        source.next_check_at = timezone.now()
    source.save(update_fields=["is_active", "next_check_at"])
    if not active and WebSubSubscription.objects.filter(source=source).exists():
        from pressdesk.monitoring import tasks

        enqueue(tasks.maintain_websub)  # unsubscribed at the hub now rather than at the next beat
    return source


@transaction.atomic
def request_poll(*, actor: User, source: Source) -> None:
    """Check ``source`` now: the poll task runs once this transaction commits."""
    _check_can_change_source(actor, source)
    from pressdesk.monitoring import tasks

    source_id = source.pk
    enqueue(tasks.poll_source, source_id)


def _check_term_institution(actor: User, organization: Any) -> None:
    """The institution a term is about must be one the actor sees (their province, or a national body)."""
    from pressdesk.organizations.queries import organizations_visible_to

    if organization is not None and not organizations_visible_to(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied


def _term_province(actor: User, organization: Any, current: Any = None) -> Any:
    """The province a term belongs to: the actor's; an administrator's term follows its institution."""
    from pressdesk.documents.actions import provincial_directorate
    from pressdesk.organizations.queries import scope_root

    if not actor.is_admin:
        return scope_root(actor)
    return provincial_directorate(organization) or current or provincial_directorate(actor.organization)


@transaction.atomic
def create_watch_term(
    *, actor: User, name: str, query: str, organization: Any = None, is_active: bool = True
) -> WatchTerm:
    """A new watch term of the actor's province; ``query`` must parse (``matching.QuerySyntaxError`` otherwise)."""
    from pressdesk.monitoring.matching import parse_query

    if not can_configure(actor):
        raise PermissionDenied
    _check_term_institution(actor, organization)
    parse_query(query)
    return WatchTerm.objects.create(
        name=name,
        query=query,
        organization=organization,
        province=_term_province(actor, organization),
        is_active=is_active,
        created_by=actor,
    )


@transaction.atomic
def update_watch_term(*, actor: User, term: WatchTerm, **fields: Any) -> WatchTerm:
    """Change a term of the actor's province (administrators: any term); it cannot move to another province."""
    from pressdesk.monitoring.matching import parse_query
    from pressdesk.monitoring.queries import watch_terms_visible_to

    if not can_configure(actor) or not watch_terms_visible_to(actor).filter(pk=term.pk).exists():
        raise PermissionDenied
    unknown = set(fields) - {"name", "query", "organization", "is_active"}
    if unknown:
        raise TypeError(f"Unknown watch term fields: {sorted(unknown)}")
    if "query" in fields:
        parse_query(fields["query"])
    if "organization" in fields:
        _check_term_institution(actor, fields["organization"])
        if actor.is_admin:
            term.province = _term_province(actor, fields["organization"], term.province)
    for name, value in fields.items():
        setattr(term, name, value)
    term.save()
    return term


# --- Back-fill: a watch term run over the archive ---------------------------------------

BACKFILL_CHUNK = 1000  # items read, matched and written per transaction
BACKFILL_TASK_BUDGET = 200.0  # seconds of work per task; the rest continues in a new task


@transaction.atomic
def request_backfill(*, actor: User, term: WatchTerm) -> Backfill:
    """Queue a run of ``term`` over the archive the actor sees; a run still going is returned instead."""
    from pressdesk.monitoring import tasks
    from pressdesk.monitoring.queries import backfill_items_for, watch_terms_visible_to

    if not can_configure(actor) or not watch_terms_visible_to(actor).filter(pk=term.pk).exists():
        raise PermissionDenied
    running = Backfill.objects.filter(
        term=term, query=term.query, status__in=(Backfill.Status.QUEUED, Backfill.Status.RUNNING)
    ).first()
    if running is not None:
        return running
    run = Backfill.objects.create(
        term=term, query=term.query, requested_by=actor, total=backfill_items_for(actor).count()
    )
    enqueue(tasks.backfill_term, run.pk)
    return run


def run_backfill(
    *, backfill_id: int, chunk: int = BACKFILL_CHUNK, budget: float = BACKFILL_TASK_BUDGET
) -> Backfill | None:
    """Match the run's term against the archive, newest items first, adding the ``ItemMatch`` rows missing.

    Idempotent: rows already there (from ingest or an earlier run) are kept and
    not added again, so a second run adds nothing. Each chunk commits with the
    run's cursor and counts; when ``budget`` seconds are spent the work goes on
    in a new task from the cursor. Returns the run (``None`` if it was deleted).
    """
    from pressdesk.monitoring import tasks
    from pressdesk.monitoring.matching import Matcher, QuerySyntaxError
    from pressdesk.monitoring.queries import backfill_items_for, watch_terms_visible_to

    run = Backfill.objects.select_related("term", "requested_by").filter(pk=backfill_id).first()
    if run is None or run.finished:
        return run
    actor = run.requested_by
    if not can_configure(actor) or not watch_terms_visible_to(actor).filter(pk=run.term_id).exists():
        return _finish_backfill(run, error=_("You can no longer change this watch term."))
    try:
        matcher = Matcher([(run.term_id, run.query)])
    except QuerySyntaxError:
        return _finish_backfill(run, error=_("The query of this watch term cannot be read."))
    Backfill.objects.filter(pk=run.pk).update(status=Backfill.Status.RUNNING)
    items = backfill_items_for(actor).order_by("-pk")
    started = time.monotonic()
    try:
        while True:
            with transaction.atomic():
                # Locked: a second delivery of the task waits here and then goes on from the cursor.
                current = Backfill.objects.select_for_update().get(pk=run.pk)
                if current.finished:
                    return current
                todo = items.filter(pk__lt=current.last_item_id) if current.last_item_id is not None else items
                rows = list(todo.values_list("pk", "title", "text", "url", "original_url")[:chunk])
                if not rows:
                    return _finish_backfill(current)
                added = _backfill_chunk(run.term_id, matcher, rows)
                Backfill.objects.filter(pk=run.pk).update(
                    done=F("done") + len(rows), created=F("created") + added, last_item_id=rows[-1][0]
                )
            if time.monotonic() - started > budget:
                with transaction.atomic():
                    enqueue(tasks.backfill_term, run.pk)
                run.refresh_from_db()
                return run
    except OperationalError:
        raise  # the task retries and goes on from the cursor
    except Exception:
        log.exception("Back-fill %s failed", run.pk)
        run.refresh_from_db()
        return _finish_backfill(run, error=_("The archive could not be searched; please try again later."))


def _backfill_chunk(term_id: int, matcher: Any, rows: list[tuple[int, str, str, str, str]]) -> int:
    """Add the missing match rows of ``term_id`` for ``rows``; returns how many were added."""
    found: dict[int, dict[str, list[list[Any]]]] = {}
    for pk, title, text, url, original_url in rows:
        spans = matcher.match_spans(title, text, site_of(original_url or url)).get(term_id)
        if spans:
            found[pk] = spans
    if not found:
        return 0
    existing = set(ItemMatch.objects.filter(term_id=term_id, item_id__in=list(found)).values_list("item_id", "field"))
    missing = [
        (pk, term_id, field, spans)
        for pk, by_field in found.items()
        for field, spans in by_field.items()
        if (pk, field) not in existing
    ]
    bulk.insert_matches(missing)
    Item.objects.filter(pk__in=list(found), matched=False).update(matched=True)
    return len(missing)


def _finish_backfill(run: Backfill, *, error: str = "") -> Backfill:
    run.status = Backfill.Status.FAILED if error else Backfill.Status.DONE
    run.error = error[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run


# --- Clipping services and the Ministry's report (issue 30, point 4) -------------

KNOWN_WINDOW = datetime.timedelta(days=30)


@transaction.atomic
def save_clipping_provider(
    *, actor: User, name: str, service: str, mapping: dict[str, str] | None = None, provider: Any = None
) -> Any:
    """Create a clipping service of the actor's province, or rename it / change its saved column mapping."""
    from pressdesk.monitoring.clipping import FIELDS
    from pressdesk.monitoring.models import ClippingProvider

    if not can_add_items(actor):
        raise PermissionDenied
    clean_mapping = {key: str(value)[:200] for key, value in (mapping or {}).items() if key in FIELDS and value}
    if provider is None:
        province = _source_organization(actor)
        if province is None:
            raise PermissionDenied
        provider, _created = ClippingProvider.objects.get_or_create(
            province=province, name=name.strip()[:200], defaults={"service": service, "created_by": actor}
        )
    provider.service = service
    if mapping is not None:
        provider.mapping = clean_mapping
    provider.save(update_fields=["service", "mapping"])
    return provider


def _outlet_for(name: str, provider: Any, actor: User | None, cache: dict[str, Outlet]) -> Outlet:
    from pressdesk.lib.turkish import casefold

    key = casefold(name.strip()) or casefold(provider.name)
    if key in cache:
        return cache[key]
    label = name.strip()[:200] or provider.name
    outlet = None
    for candidate in Outlet.objects.filter(name__iexact=label).order_by("pk")[:5]:
        outlet = candidate
        break
    if outlet is None:
        for candidate in Outlet.objects.filter(name__icontains=label[:50]).order_by("pk")[:50]:
            if casefold(candidate.name) == key:
                outlet = candidate
                break
    if outlet is None:
        outlet = Outlet.objects.create(name=label, kind=Outlet.Kind.NATIONAL_NEWSPAPER, created_by=actor)
    cache[key] = outlet
    return outlet


@transaction.atomic
def import_clipping_export(
    *,
    actor: User,
    provider: Any,
    upload: UploadedFile,
    mapping: dict[str, str] | None = None,
    engines: Engines = DEFAULT_ENGINES,
) -> Any:
    """Take in a clipping service's export: each row a clip through the same ingest as every item.

    The column mapping given (or the provider's saved one, completed by the known
    headers) is saved on the provider. A row whose address or title monitoring
    already has (any source, last 30 days) is counted as known, not stored twice.
    Columns no field names are listed on the import and kept with each item.
    """
    if not can_add_items(actor):
        raise PermissionDenied
    if provider.province_id != getattr(_source_organization(actor), "pk", None) and not actor.is_admin:
        raise PermissionDenied
    name = (upload.name or "export").rsplit("/", 1)[-1][:255]
    try:
        return _take_in_export(
            provider=provider, name=name, upload=upload, mapping=mapping, actor=actor, engines=engines, stamp={}
        )
    except ValidationError as exc:
        if exc.code == "no_title":  # the upload form asks for the title column
            hint = _("Choose the title column below.")
            raise ValidationError(f"{exc.message} {hint}", code="no_title") from exc
        raise


def import_mailed_export(*, mailbox: Source, name: str, data: bytes, engines: Engines = DEFAULT_ENGINES) -> Any:
    """Take in a clipping service's export that came as an attachment to ``mailbox`` (an IMAP source).

    The mailbox names the service (``config["clipping_provider"]``), which must be of the
    mailbox's own province. The service's saved column mapping is used, completed by the known
    headers, as for an upload. A file is taken in once per service (its SHA-256): the same
    attachment in a second e-mail, or the same e-mail read again, adds nothing. A file that
    cannot be taken in (not a spreadsheet, no title column) is recorded on the services page with
    the reason, so the unit can upload it by hand; it never stops the mailbox's other messages.
    Returns the ``ClippingImport``, or ``None`` when the mailbox names no service of its province.
    """
    from pressdesk.monitoring.models import ClippingImport
    from pressdesk.monitoring.queries import mailbox_clipping_provider

    provider = mailbox_clipping_provider(mailbox)
    if provider is None:
        return None
    digest = hashlib.sha256(data).hexdigest()
    name = name.rsplit("/", 1)[-1][:255] or "export"
    known = ClippingImport.objects.filter(provider=provider, digest=digest).first()
    if known is not None:
        return known
    stamp = {"mailbox": mailbox, "digest": digest}
    upload = SimpleUploadedFile(name, data)
    try:
        from pressdesk.lib.files import validate_document_upload

        validate_document_upload(upload)  # size and type, as for an upload
        with transaction.atomic():
            return _take_in_export(
                provider=provider,
                name=name,
                upload=upload,
                mapping=None,
                actor=mailbox.created_by,
                engines=engines,
                stamp=stamp,
                organization=provider.province,
            )
    except ValidationError as exc:
        reason = " ".join(exc.messages)
    except Exception:  # a file nobody foresaw: recorded, and the mailbox's other messages go on
        log.exception("Mailed export %s of mailbox %s could not be read", name, mailbox.pk)
        reason = _("The file could not be read.")
    log.info("Mailed export %s of mailbox %s not taken in: %s", name, mailbox.pk, reason)
    failed, _created = ClippingImport.objects.get_or_create(
        provider=provider,
        digest=digest,
        defaults={"original_name": name, "mailbox": mailbox, "error": reason[:2000]},
    )
    return failed


def _take_in_export(
    *,
    provider: Any,
    name: str,
    upload: UploadedFile,
    mapping: dict[str, str] | None,
    actor: User | None,
    engines: Engines,
    stamp: dict[str, Any],
    organization: Any = None,
) -> Any:
    """The rows of one export through the same ingest as every item (see ``import_clipping_export``)."""
    from pressdesk.monitoring import clipping
    from pressdesk.monitoring.models import ClipDetails, ClippingImport

    try:
        header, rows = clipping.read_rows(upload, name)
    except clipping.ExportError as exc:
        raise ValidationError(str(exc)) from exc
    used_mapping = clipping.guess_mapping(header, mapping if mapping is not None else provider.mapping)
    if "title" not in used_mapping:
        raise ValidationError(
            _("No column holds the clips' titles. Columns of the file: %(columns)s.") % {"columns": ", ".join(header)},
            code="no_title",
        )
    provider.mapping = used_mapping
    provider.save(update_fields=["mapping"])
    record = ClippingImport.objects.create(
        provider=provider,
        original_name=name,
        rows=len(rows),
        unknown_columns=clipping.unknown_columns(header, used_mapping),
        created_by=actor,
        **stamp,
    )
    now = timezone.now()
    parsed = [clipping.apply_mapping(number, header, row, used_mapping) for number, row in enumerate(rows, start=2)]
    refused: list[list[Any]] = []
    accepted = []
    for row in parsed:
        if not row.title.strip():
            refused.append([row.number, _("no title")])
            continue
        accepted.append(row)
    # Already in monitoring: the same address, or the same title in the last 30 days, from any source.
    canonical = {row.number: normalize.canonical_url(normalize.web_url(row.url, "")) for row in accepted}
    title_hashes = {row.number: normalize.title_hash(normalize.html_to_text(row.title)) for row in accepted}
    recent = Item.objects.filter(fetched_at__gte=now - KNOWN_WINDOW)
    known_urls = set(recent.filter(url__in={u for u in canonical.values() if u}).values_list("url", flat=True))
    known_titles = set(
        recent.filter(title_hash__in={h for h in title_hashes.values() if h}).values_list("title_hash", flat=True)
    )
    outlets: dict[str, Outlet] = {}
    by_source: dict[int, tuple[Source, list[tuple[Any, ParsedEntry]]]] = {}
    for row in accepted:
        if (canonical[row.number] and canonical[row.number] in known_urls) or title_hashes[row.number] in known_titles:
            record.known += 1
            continue
        known_titles.add(title_hashes[row.number])
        if canonical[row.number]:
            known_urls.add(canonical[row.number])
        outlet = _outlet_for(row.outlet, provider, actor, outlets)
        source = _manual_source(outlet, actor, organization)
        published = min(row.published_at, now) if row.published_at else None
        entry = ParsedEntry(
            url=row.url,
            title=normalize.html_to_text(row.title),
            text=normalize.html_to_text(row.text),
            published_at=published,
            guid="" if row.url else f"service:{provider.pk}:{row.outlet}:{row.published_at}:{row.title}"[:2000],
        )
        by_source.setdefault(source.pk, (source, []))[1].append((row, entry))
    details = []
    for source, pairs in by_source.values():
        result = ingest_entries(
            source=source, entries=[entry for _row, entry in pairs], fetched_at=now, actor=actor, engines=engines
        )
        record.known += result.known
        stored = {item.guid: item for item in result.items or []}
        stored_by_title = {item.title: item for item in result.items or []}
        for row, entry in pairs:
            item = stored.get(entry.guid) if entry.guid else None
            item = item or stored_by_title.get(normalize_title(entry.title))
            if item is None:
                continue
            record.new_items += 1
            details.append(
                ClipDetails(
                    item=item,
                    medium=ClipDetails.Medium.SERVICE,
                    programme=row.programme,
                    aired_at=row.published_at,
                    page=row.page,
                    reach=row.reach,
                    provider=provider,
                    extra={**row.extra, **({"medium": row.medium} if row.medium else {})},
                    created_by=actor,
                )
            )
    ClipDetails.objects.bulk_create(details, ignore_conflicts=True)
    record.refused = refused
    record.save(update_fields=["known", "new_items", "refused"])
    return record


def normalize_title(title: str) -> str:
    from pressdesk.lib.turkish import normalize_text

    return normalize_text(title[:1000])


@transaction.atomic
def upload_ministry_report(*, actor: User, report_date: datetime.date, upload: UploadedFile) -> Any:
    """Keep the Ministry's monitoring report of a day (PDF); it goes out attached to the daily report."""
    from pressdesk.monitoring import clipmedia
    from pressdesk.monitoring.models import MinistryReport

    if not can_add_items(actor):
        raise PermissionDenied
    province = _source_organization(actor)
    if province is None:
        raise PermissionDenied
    name = (upload.name or "rapor.pdf").rsplit("/", 1)[-1][:255]
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("The Ministry's report is uploaded as a PDF file."))
    clipmedia.validate_scan_upload(upload)
    return MinistryReport.objects.create(
        province=province, report_date=report_date, file=upload, original_name=name, created_by=actor
    )


# --- Personal data of items nobody kept (issue 30, "What must hold") ---------------

SOCIAL_KINDS = (
    Source.Kind.MASTODON,
    Source.Kind.BLUESKY,
    Source.Kind.X_SEARCH,
    Source.Kind.X_ACCOUNT,
    Source.Kind.FACEBOOK_PAGE,
    Source.Kind.INSTAGRAM,
)
PERSONAL_DATA_CHUNK = 1000


def kept_story_ids() -> Any:
    """Stories someone kept: relevant to a province, or marked as the public's voice (a complaint…)."""
    from django.apps import apps
    from django.db.models import Q

    from pressdesk.monitoring.models import Relevance, StoryTriage

    kept = Q(pk__in=StoryTriage.objects.filter(relevance=Relevance.RELEVANT).values("story_id"))
    if apps.is_installed("pressdesk.publicvoice"):
        voice = apps.get_model("publicvoice", "Voice")
        kept |= Q(pk__in=voice.objects.values("story_id"))
    from pressdesk.monitoring.models import Story

    return Story.objects.filter(kept).values("pk")


def remove_unkept_personal_data(*, now: datetime.datetime | None = None, days: int | None = None) -> int:
    """Remove the authors' names (the ``author`` byline too), handles and links from social items older than
    ``days`` that nobody kept.

    The item stays (statistics count it, its identity hash keeps it from being
    fetched again) with a neutral title and no text, address, image or GUID.
    Items of stories triaged as relevant, or marked as a complaint or another
    voice of the public, keep everything. Runs in chunks; safe to run again.
    """
    from django.conf import settings

    now = now or timezone.now()
    days = settings.MONITORING_PERSONAL_DATA_DAYS if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    title = _("Social media post (personal data removed)")
    candidates = (
        Item.objects.filter(source__kind__in=SOCIAL_KINDS, fetched_at__lt=cutoff)
        .exclude(guid="", url="", text="", author="")
        .exclude(story__in=kept_story_ids())
    )
    removed = 0
    while True:
        ids = list(candidates.order_by("pk").values_list("pk", flat=True)[:PERSONAL_DATA_CHUNK])
        if not ids:
            return removed
        with transaction.atomic():
            removed += Item.objects.filter(pk__in=ids).update(
                title=title, text="", summary_html="", url="", original_url="", guid="", image_url="", author=""
            )
