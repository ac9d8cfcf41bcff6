"""Checks and conversions of the studio's files: type by content, SVG without active content,
raster previews and renditions (Pillow; PDF first pages by poppler's ``pdftoppm``).

Originals are kept as uploaded; every raster produced here is re-encoded from pixels only,
so EXIF (GPS position included) never reaches a preview or a rendition.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageOps

#: Content types of drafts and library files, recognised by their first bytes.
PNG, JPEG, PDF, SVG, MP4, WEBM, MOV = (
    "image/png",
    "image/jpeg",
    "application/pdf",
    "image/svg+xml",
    "video/mp4",
    "video/webm",
    "video/quicktime",
)
DRAFT_TYPES = frozenset({PNG, JPEG, PDF, SVG})
VIDEO_TYPES = frozenset({MP4, WEBM, MOV})
ASSET_TYPES = frozenset({PNG, JPEG, PDF, SVG, MP4, WEBM, MOV})
FFMPEG = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"
FFPROBE = shutil.which("ffprobe") or "/usr/bin/ffprobe"
_ACTIVE_SVG = re.compile(rb"<\s*script|\son[a-z]+\s*=|javascript:|<\s*foreignObject|xlink:href\s*=\s*[\"'](?!#)", re.I)

RENDITION_SIZES: dict[str, tuple[int, int, bool]] = {
    "thumb": (320, 320, False),
    "web": (1600, 1600, False),
    "square": (1080, 1080, True),
    "story": (1080, 1920, True),
}


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"%PDF-"):
        return PDF
    if head[4:8] == b"ftyp":
        return MOV if head[8:10] == b"qt" else MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in head:
        return SVG
    return None


def check_upload(upload: UploadedFile, *, allowed: frozenset[str], max_bytes: int) -> str:
    """The content type of ``upload`` as its bytes say, or a Turkish refusal."""
    name = upload.name or ""
    if (upload.size or 0) > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(max_bytes)}
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    kind = sniff(head)
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("“%(name)s” is not a file of an accepted type: its content is not a PNG, JPEG, PDF or SVG.")
            % {"name": name}
        )
    if kind == SVG:
        check_svg(upload)
    elif kind in (PNG, JPEG):
        try:
            with Image.open(upload) as image:
                image.verify()
        except Exception as exc:
            raise ValidationError(_("“%(name)s” is a damaged image.") % {"name": name}) from exc
        finally:
            upload.seek(0)
    return kind


def check_svg(upload: UploadedFile) -> None:
    name = upload.name or ""
    data = upload.read()
    upload.seek(0)
    if _ACTIVE_SVG.search(data):
        raise ValidationError(
            _("“%(name)s” holds a script, an event handler or an outside link; save the SVG without them.")
            % {"name": name}
        )
    try:
        ElementTree.fromstring(data, forbid_dtd=True)
    except Exception as exc:
        raise ValidationError(_("“%(name)s” is not a valid SVG file.") % {"name": name}) from exc


def _jpeg_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: none written
    return out.getvalue()


def _placeholder(label: str) -> Image.Image:
    image = Image.new("RGB", (800, 600), "#eef1f5")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 780, 580), outline="#6c757d", width=4)
    draw.text((60, 280), label[:80], fill="#212529")
    return image


def open_raster(data: bytes, content_type: str, label: str) -> Image.Image:
    """A Pillow image of the file's first page: the image itself, a PDF's first page, or a card for an SVG."""
    if content_type in (PNG, JPEG):
        opened = Image.open(io.BytesIO(data))
        return ImageOps.exif_transpose(opened).convert("RGB")
    if content_type == PDF:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "in.pdf"
            source.write_bytes(data)
            subprocess.run(  # noqa: S603
                [
                    "/usr/bin/pdftoppm",
                    "-png",
                    "-r",
                    "72",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(source),
                    str(Path(folder) / "out"),
                ],
                check=True,
                timeout=60,
                capture_output=True,
            )
            return Image.open(Path(folder) / "out.png").convert("RGB")
    return _placeholder(label)


def preview_png(data: bytes, content_type: str, label: str) -> bytes:
    image = open_raster(data, content_type, label)
    image.thumbnail((1600, 1600))
    return _jpeg_bytes(image)


def rendition(image: Image.Image, size: str) -> tuple[bytes, int, int]:
    width, height, crop = RENDITION_SIZES[size]
    if crop:
        result = ImageOps.fit(image, (width, height))
    else:
        result = image.copy()
        result.thumbnail((width, height))
    return _jpeg_bytes(result), result.width, result.height


def as_jpeg(image: Image.Image) -> tuple[bytes, int, int]:
    return _jpeg_bytes(image), image.width, image.height


def poster_frame(source: str) -> Image.Image:
    """A frame one second in (or the first frame of a shorter video), by ffmpeg."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "poster.png"
        for seek in ("1", "0"):
            subprocess.run(  # noqa: S603
                [FFMPEG, "-v", "error", "-y", "-ss", seek, "-i", source, "-frames:v", "1", str(target)],
                check=False,
                timeout=120,
                capture_output=True,
            )
            if target.exists():
                return Image.open(target).convert("RGB")
    raise ValueError("no frame")


def duration_seconds(source: str) -> float:
    result = subprocess.run(  # noqa: S603
        [FFPROBE, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", source],
        check=False,
        timeout=60,
        capture_output=True,
        text=True,
    )
    try:
        return max(float(result.stdout.strip()), 0.001)
    except ValueError:
        return 0.0


def transcode(source: str, target: str, report: Callable[[int], object]) -> None:
    """A web-playable H.264/AAC MP4 at most 1280 px wide, ``report(percent)`` as ffmpeg goes."""
    total = duration_seconds(source)
    command = [
        FFMPEG, "-v", "error", "-y", "-i", source, "-vf", "scale='min(1280,iw)':-2", "-c:v", "libx264",
        "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k",
        "-movflags", "+faststart", "-progress", "pipe:1", "-nostats", target,
    ]  # fmt: skip
    last = -1
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:  # noqa: S603
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("out_time_us=") and total:
                try:
                    done = int(line.split("=", 1)[1]) / 1_000_000
                except ValueError:
                    continue
                percent = min(99, int(done * 100 / total))
                if percent >= last + 5:
                    last = percent
                    report(percent)
        code = process.wait(timeout=840)
    if code != 0:
        raise RuntimeError(f"ffmpeg exited with {code}")


# Delivery of a final in the requested sizes and formats (3.3.3) --------------------------------

#: Paper sizes in millimetres; print deliveries are PDFs at 150 dpi, digital ones PNGs.
PAPER_MM = {"A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}
PRINT_DPI = 150
_PIXELS = re.compile(r"(\d{2,5})\s*[x×*]\s*(\d{2,5})", re.I)
_PAPER = re.compile(r"\bA([0-5])\b", re.I)


class Format:
    def __init__(self, label: str, width: int, height: int, pdf: bool) -> None:
        self.label, self.width, self.height, self.pdf = label, width, height, pdf

    @property
    def content_type(self) -> str:
        return PDF if self.pdf else PNG

    @property
    def extension(self) -> str:
        return "pdf" if self.pdf else "png"

    @property
    def slug(self) -> str:
        return safe_name(self.label)


def safe_name(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", label.replace("×", "x")).strip("-") or "file"


def requested_formats(sizes: str, medium: str) -> list[Format]:
    """The sizes of a brief (“A3, A4, 1080×1080, 1080×1920 (story)”) as formats; unknown words are skipped."""
    found: list[Format] = []
    for part in re.split(r"[,;/\n]+", sizes):
        pixels = _PIXELS.search(part)
        paper = _PAPER.search(part)
        if pixels:
            width, height = int(pixels.group(1)), int(pixels.group(2))
            if 16 <= width <= 8000 and 16 <= height <= 8000:
                found.append(Format(f"{width}×{height}", width, height, pdf=False))
        elif paper:
            name = f"A{paper.group(1)}"
            mm_w, mm_h = PAPER_MM[name]
            found.append(Format(name, round(mm_w / 25.4 * PRINT_DPI), round(mm_h / 25.4 * PRINT_DPI), pdf=True))
        elif re.search(r"\b(story|hikaye|hikâye)\b", part, re.I):
            found.append(Format("1080×1920", 1080, 1920, pdf=False))
    unique: dict[str, Format] = {}
    for fmt in found:
        unique.setdefault(fmt.label, fmt)
    return list(unique.values())


def deliverable(image: Image.Image, fmt: Format) -> tuple[bytes, int, int]:
    """The final fitted into the format (whole, on a white ground) as a PNG or a one-page PDF."""
    canvas = Image.new("RGB", (fmt.width, fmt.height), "white")
    fitted = ImageOps.contain(image.convert("RGB"), (fmt.width, fmt.height))
    canvas.paste(fitted, ((fmt.width - fitted.width) // 2, (fmt.height - fitted.height) // 2))
    out = io.BytesIO()
    if fmt.pdf:
        canvas.save(out, format="PDF", resolution=PRINT_DPI)
    else:
        canvas.save(out, format="PNG", optimize=True)
    return out.getvalue(), fmt.width, fmt.height
