"""Story photos with Pillow: only real images, a web-size copy, and per-channel copies within each network's rules.

The original is kept untouched for the media kit; the web copy is at most
``WEB_MAX_SIDE`` pixels on its long side, EXIF-rotated, without metadata.
For a channel, a photo is re-encoded smaller until it fits the channel's byte
limit; a photo whose aspect ratio the channel refuses is refused with a
message saying which ratios are accepted (cropping would cut people out).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from pressdesk.channels.base import ChannelLimits

WEB_MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 60_000_000
PHOTO_MAX_BYTES = 25 * 1024 * 1024


def validate_image(upload: UploadedFile) -> tuple[str, int, int]:
    """(format, width, height) of a real JPEG/PNG/WebP image, else a ValidationError in plain words."""
    name = upload.name or ""
    limit = PHOTO_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); a photo may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("“%(name)s” is not an image. Upload a JPEG, PNG or WebP photo.") % {"name": name}
        ) from exc
    finally:
        upload.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("“%(name)s” is a %(format)s file; upload a JPEG, PNG or WebP photo.") % {"name": name, "format": fmt}
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("“%(name)s” has too many pixels to process.") % {"name": name})
    if min(width, height) < 200:
        raise ValidationError(
            _("“%(name)s” is too small (%(width)d×%(height)d pixels); a photo needs at least 200 pixels a side.")
            % {"name": name, "width": width, "height": height}
        )
    return fmt, width, height


def _open_rgb(source: io.BytesIO | Path | File) -> Image.Image:
    with Image.open(source) as opened:
        rotated = ImageOps.exif_transpose(opened)
        return rotated.convert("RGB")


def _jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def web_copy(upload: UploadedFile | Path) -> ContentFile[bytes]:
    image = _open_rgb(upload)
    image.thumbnail((WEB_MAX_SIDE, WEB_MAX_SIDE), Image.Resampling.LANCZOS)
    return ContentFile(_jpeg(image))


def aspect_problem(width: int, height: int, limits: ChannelLimits) -> str:
    """'' when the channel accepts the ratio, else a message naming the accepted range."""
    if not height:
        return _("The photo has no size.")
    aspect = width / height
    if (limits.min_aspect and aspect < limits.min_aspect - 0.005) or (
        limits.max_aspect and aspect > limits.max_aspect + 0.005
    ):
        return _(
            "The photo's width-to-height ratio is %(ratio).2f; this channel accepts ratios between %(low).2f "
            "and %(high).2f (e.g. 4:5 portrait to 1.91:1 landscape). Upload a photo cropped to fit."
        ) % {"ratio": aspect, "low": limits.min_aspect or 0, "high": limits.max_aspect or 99}
    return ""


def fit_bytes(path: Path | File, limits: ChannelLimits) -> bytes:
    """The photo as a JPEG no larger than the channel's byte limit (smaller and smaller until it fits)."""
    image = _open_rgb(path)
    side = max(image.size)
    data = _jpeg(image)
    quality = 85
    while len(data) > limits.image_max_bytes:
        if quality > 60:
            quality -= 10
        else:
            side = int(side * 0.8)
            if side < 320:
                raise ValidationError(_("The photo cannot be made small enough for this channel."))
            image.thumbnail((side, side), Image.Resampling.LANCZOS)
        data = _jpeg(image, quality)
    return data
