"""The recording of an aired programme: audio or video, checked by its content, size-limited."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

AUDIO_VIDEO_EXTENSIONS = frozenset(
    {".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac", ".mp4", ".m4v", ".mov", ".webm", ".mkv"}
)
_ISO_BRANDS = frozenset({".m4a", ".mp4", ".m4v", ".mov", ".aac"})


def _looks_like_media(head: bytes, extension: str) -> bool:
    """The first bytes are those of an audio or video container of the kind the name says."""
    if extension in _ISO_BRANDS and head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free"):
        return True
    if extension in (".mp3", ".aac"):
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if extension == ".wav":
        return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
    if extension in (".ogg", ".oga", ".opus"):
        return head.startswith(b"OggS")
    if extension == ".flac":
        return head.startswith(b"fLaC")
    if extension in (".webm", ".mkv"):
        return head.startswith(b"\x1a\x45\xdf\xa3")
    return False


def max_bytes() -> int:
    """A recording may be as large as a request to the application (``REQUEST_MAX_MB``)."""
    return int(settings.REQUEST_MAX_BYTES)


def validate_recording(upload: UploadedFile) -> None:
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if extension not in AUDIO_VIDEO_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an audio or video file. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(AUDIO_VIDEO_EXTENSIONS))}
        )
    limit = max_bytes()
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)}
        )
    head = upload.read(16)
    upload.seek(0)
    if not _looks_like_media(head, extension):
        raise ValidationError(
            _("“%(name)s” is not an audio or video recording: its content does not match its name.") % {"name": name}
        )
