"""Checks for uploaded files: type by extension and content, and size."""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO

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
# Zip bomb guards: a .zip upload is opened in memory, never extracted to disk.
ZIP_MAX_MEMBERS = 200
ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


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
    if _is_program(head):
        raise ValidationError(_("“%(name)s” looks like a program, not a document.") % {"name": name})
    if extension == ".zip":
        try:
            _validate_zip(upload, name)
        finally:
            upload.seek(0)


#: An Office file (.xlsx, .docx) may unpack to at most this much before it is read.
OFFICE_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


def office_file_expands_too_much(handle: IO[bytes], limit: int | None = None) -> bool:
    """Whether an Office file (a ZIP) declares more than ``limit`` bytes unpacked, or is no readable ZIP.

    Read before openpyxl or python-docx opens it: a small upload whose shared strings unpack to
    gigabytes would otherwise fill the worker's memory (a "zip bomb"). The handle is rewound.
    """
    limit = limit or OFFICE_MAX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(handle) as archive:
            return sum(info.file_size for info in archive.infolist()) > limit
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return True
    finally:
        handle.seek(0)


def _is_program(head: bytes) -> bool:
    return any(head.startswith(magic) for magic in _FORBIDDEN_MAGIC)


def _validate_zip(upload: UploadedFile, name: str) -> None:
    """Every member of a .zip must pass the same type checks as a file uploaded on its own.

    Nested archives are refused (they would hide their contents from this check).
    The member count and the declared uncompressed size are capped, and no more
    than the first bytes of each member are read.
    """
    broken = ValidationError(
        _("“%(name)s” is not a valid ZIP archive or is damaged; it cannot be accepted.") % {"name": name}
    )
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise broken from exc
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > ZIP_MAX_MEMBERS:
            raise ValidationError(
                _("“%(name)s” holds too many files (at most %(count)s are accepted).")
                % {"name": name, "count": ZIP_MAX_MEMBERS}
            )
        if sum(info.file_size for info in members) > ZIP_MAX_UNCOMPRESSED_BYTES:
            raise ValidationError(
                _("“%(name)s” unpacks to more than %(limit)s; it cannot be accepted.")
                % {"name": name, "limit": filesizeformat(ZIP_MAX_UNCOMPRESSED_BYTES)}
            )
        for info in members:
            member = info.filename
            extension = PurePath(member).suffix.lower()
            if extension not in DOCUMENT_EXTENSIONS or extension == ".zip":
                raise ValidationError(
                    _("“%(member)s” in “%(name)s” is not an accepted document type.") % {"member": member, "name": name}
                )
            try:
                with archive.open(info) as stream:
                    head = stream.read(8)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                # Damaged, encrypted or using an unknown compression: its contents cannot be checked.
                raise broken from exc
            if _is_program(head):
                raise ValidationError(
                    _("“%(member)s” in “%(name)s” looks like a program, not a document.")
                    % {"member": member, "name": name}
                )
