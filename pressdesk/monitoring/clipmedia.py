"""Files of broadcast and print clips: audio/video checked by content and size, text read from a scanned PDF.

A broadcast clip's file must be audio or video by its first bytes, not only by
its name (an ``.mp4`` that is a program or a web page is refused), and no larger
than ``MONITORING_CLIP_MEDIA_MAX_BYTES``. A print clip's scan goes through the
document check of ``lib/files.py``; the text of a PDF is read with ``pdftotext``
(poppler) under a time limit, so that the watch terms are matched against it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

AUDIO_VIDEO_EXTENSIONS = frozenset(
    {".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".mp4", ".m4v", ".mov", ".webm", ".mkv", ".ts"}
)
SCAN_EXTENSIONS = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"})
PDFTOTEXT_SECONDS = 30
PDF_TEXT_MAX_CHARS = 200_000


def media_kind(head: bytes) -> str:
    """``"audio"``/``"video"`` when the first bytes are a known container, else ``""``."""
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio"  # MP3 (with or without a tag) or ADTS AAC
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "audio" if brand in (b"M4A ", b"M4B ") else "video"  # MP4, M4V, MOV, 3GP
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio"
    if head.startswith(b"OggS"):
        return "audio"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video"  # Matroska / WebM
    if head[:1] == b"\x47" and (len(head) < 189 or head[188:189] == b"\x47"):
        return "video"  # MPEG transport stream (a TV recording)
    return ""


def validate_media_upload(upload: UploadedFile, max_bytes: int | None = None) -> str:
    """Refuse what is not an audio or video file of an accepted kind and size; return ``audio`` or ``video``."""
    limit = max_bytes or settings.MONITORING_CLIP_MEDIA_MAX_BYTES
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if extension not in AUDIO_VIDEO_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an audio or video file. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(AUDIO_VIDEO_EXTENSIONS))},
            code="type",
        )
    if (upload.size or 0) > limit:
        raise ValidationError(
            _(
                "The clip “%(name)s” is too large (%(size)s); the limit is %(limit)s. "
                "Cut it shorter, or give the link to the broadcaster's archive."
            )
            % {"name": name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)},
            code="size",
        )
    head = upload.read(200)
    upload.seek(0)
    kind = media_kind(head)
    if not kind:
        raise ValidationError(
            _("“%(name)s” does not look like audio or video by its content.") % {"name": name}, code="content"
        )
    return kind


def validate_scan_upload(upload: UploadedFile) -> None:
    """A print clip's scan: a PDF or an image, by name and content (``lib/files.py``)."""
    from pressdesk.lib.files import validate_document_upload

    name = upload.name or ""
    if PurePath(name).suffix.lower() not in SCAN_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not a scan. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(SCAN_EXTENSIONS))},
            code="type",
        )
    if PurePath(name).suffix.lower() in {".tif", ".tiff"}:
        head = upload.read(4)
        upload.seek(0)
        if head not in (b"II*\x00", b"MM\x00*"):
            raise ValidationError(_("“%(name)s” is not a TIFF image.") % {"name": name}, code="content")
        return
    validate_document_upload(upload)
    head = upload.read(8)
    upload.seek(0)
    if PurePath(name).suffix.lower() == ".pdf" and not head.startswith(b"%PDF"):
        raise ValidationError(_("“%(name)s” is not a PDF file.") % {"name": name}, code="content")


def pdf_text(upload: UploadedFile) -> str:
    """The text of a PDF (``pdftotext -layout``), or ``""`` when it has none (an image-only scan) or cannot be read."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return ""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        upload.seek(0)
        try:
            done = subprocess.run(  # noqa: S603 - a fixed tool on a temporary file we wrote
                [tool, "-enc", "UTF-8", "-q", handle.name, "-"],
                capture_output=True,
                timeout=PDFTOTEXT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            log.warning("pdftotext could not read an uploaded scan", exc_info=True)
            return ""
    if done.returncode != 0:
        return ""
    return done.stdout.decode("utf-8", "replace").replace("\x0c", "\n").strip()[:PDF_TEXT_MAX_CHARS]


# --- OCR of print scans (Tesseract) -------------------------------------------

OCR_IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"})
OCR_PAGE_SECONDS = 60  # one page (or one image) through tesseract
PDFTOPPM_SECONDS = 120  # every page of a PDF rasterised at once
PDF_OCR_DPI = 200
OCR_LANGUAGE = "tur"
OCR_BUDGET_SECONDS = 660  # all pages of one scan; the task's soft limit is 840 s


class OcrUnavailable(Exception):
    """``tesseract`` (or, for a PDF, ``pdftoppm``) is not installed."""


class OcrFailed(Exception):
    """The scan could not be read (the tool failed or took too long)."""


def needs_ocr(name: str) -> bool:
    """A scan whose text only OCR can give: an image (a PDF only when ``pdftotext`` found nothing)."""
    return PurePath(name).suffix.lower() in OCR_IMAGE_EXTENSIONS


def _run(command: list[str], seconds: int) -> bytes:
    try:
        done = subprocess.run(  # noqa: S603 - fixed tools on files we wrote, never a shell
            command, capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(_("Reading the scan took longer than %(seconds)s seconds.") % {"seconds": seconds}) from exc
    except OSError as exc:
        raise OcrFailed(_("The text recognition program could not be run.")) from exc
    if done.returncode != 0:
        log.warning("%s exited with %s: %.300r", PurePath(command[0]).name, done.returncode, done.stderr)
        raise OcrFailed(_("The scan could not be read as an image."))
    return done.stdout


def _tesseract(tool: str, path: str) -> str:
    out = _run([tool, path, "-", "-l", OCR_LANGUAGE], OCR_PAGE_SECONDS)
    return out.decode("utf-8", "replace").replace("\x0c", "\n").strip()


def ocr_text(path: str, *, max_pages: int | None = None) -> str:
    """The text of a scan read by Tesseract (Turkish): an image, or the first ``max_pages`` pages of a PDF.

    A PDF is rasterised with ``pdftoppm -r 200`` first. Raises ``OcrUnavailable``
    when the tools are missing and ``OcrFailed`` when the scan cannot be read.
    """
    tool = shutil.which("tesseract")
    if tool is None:
        raise OcrUnavailable(_("Text recognition (Tesseract) is not installed on the server."))
    if PurePath(path).suffix.lower() != ".pdf":
        return _tesseract(tool, path)[:PDF_TEXT_MAX_CHARS]
    rasteriser = shutil.which("pdftoppm")
    if rasteriser is None:
        raise OcrUnavailable(_("PDF pages cannot be turned into images (poppler-utils is not installed)."))
    pages = max(1, max_pages or settings.MONITORING_OCR_MAX_PAGES)
    with tempfile.TemporaryDirectory(prefix="ocr-") as folder:
        prefix = str(PurePath(folder) / "page")
        _run(
            [rasteriser, "-r", str(PDF_OCR_DPI), "-f", "1", "-l", str(pages), "-png", path, prefix],
            PDFTOPPM_SECONDS,
        )
        images = sorted(PurePath(folder).joinpath(name) for name in os.listdir(folder) if name.endswith(".png"))
        texts: list[str] = []
        started = time.monotonic()
        for image in images[:pages]:
            if time.monotonic() - started > OCR_BUDGET_SECONDS - OCR_PAGE_SECONDS:
                log.warning("OCR stopped after %d of %d pages (time budget)", len(texts), len(images))
                break  # the rest of a long scan would outlast the task's time limit
            texts.append(_tesseract(tool, str(image)))
    return "\n\n".join(text for text in texts if text)[:PDF_TEXT_MAX_CHARS]
