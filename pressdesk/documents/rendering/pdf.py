"""The letter as PDF: the DOCX converted by LibreOffice, cached by content.

``soffice --headless --convert-to pdf`` runs with a private user profile per
conversion, so parallel conversions (two workers, two tests) never share
LibreOffice's profile lock. The PDF is stored under
``MEDIA_ROOT/letters/rendered/<hash>.pdf``, the hash covering everything that
is printed plus the layout version, so a second download is instant and a
changed letter is rendered again.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from pressdesk.approvals.registry import content_hash
from pressdesk.documents.rendering.docx import build_docx
from pressdesk.documents.rendering.layout import LetterParts, parts_for

if TYPE_CHECKING:
    from pressdesk.documents.models import Letter

CACHE_DIR = "letters/rendered"
TIMEOUT_SECONDS = 60


class PdfUnavailable(RuntimeError):
    """The PDF could not be made; the message says why, in the user's language."""


def render_pdf(source: Letter | Mapping[str, Any], *, in_house: bool = False) -> bytes:
    return pdf_for_parts(parts_for(source, in_house=in_house))


def cache_name(parts: LetterParts) -> str:
    return f"{CACHE_DIR}/{content_hash(parts.cache_key_data())}.pdf"


def pdf_for_parts(parts: LetterParts) -> bytes:
    name = cache_name(parts)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            data: bytes = cached.read()
        if data.startswith(b"%PDF"):
            return data
        default_storage.delete(name)
    data = convert_docx_to_pdf(build_docx(parts))
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return data


def convert_docx_to_pdf(docx: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PdfUnavailable(
            _("PDF cannot be made on this server: LibreOffice (soffice) is not installed. Download the DOCX instead.")
        )
    with tempfile.TemporaryDirectory(prefix="pressdesk-letter-") as tmp:
        workdir = Path(tmp)
        source = workdir / "letter.docx"
        source.write_bytes(docx)
        profile = (workdir / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                command, cwd=workdir, capture_output=True, timeout=TIMEOUT_SECONDS, check=True
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(_("Making the PDF took too long. Try again, or download the DOCX.")) from exc
        except (subprocess.CalledProcessError, OSError) as exc:
            raise PdfUnavailable(
                _("LibreOffice could not convert the letter to PDF. Download the DOCX instead.")
            ) from exc
        result = workdir / "letter.pdf"
        if not result.exists():
            raise PdfUnavailable(_("LibreOffice could not convert the letter to PDF. Download the DOCX instead."))
        data = result.read_bytes()
    if not data.startswith(b"%PDF"):
        raise PdfUnavailable(_("LibreOffice could not convert the letter to PDF. Download the DOCX instead."))
    return data
