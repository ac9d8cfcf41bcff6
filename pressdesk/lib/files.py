"""Checks for uploaded files: type by extension and content, and size."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DOCUMENT_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".txt",
        ".xls",
        ".xlsx",
        ".ods",
        ".csv",
        ".ppt",
        ".pptx",
        ".odp",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".eml",
        ".msg",
        ".zip",
    }
)
# Magic numbers of executables and scripts that must never be accepted,
# whatever their name says.
_FORBIDDEN_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def validate_document_upload(upload: UploadedFile, max_bytes: int | None = None) -> None:
    limit = max_bytes or settings.ATTACHMENT_MAX_BYTES
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an accepted document type. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(DOCUMENT_EXTENSIONS))}
        )
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)}
        )
    head = upload.read(8)
    upload.seek(0)
    if any(head.startswith(magic) for magic in _FORBIDDEN_MAGIC):
        raise ValidationError(_("“%(name)s” looks like a program, not a document.") % {"name": name})
