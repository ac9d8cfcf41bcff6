"""A .zip upload is opened (never extracted) and each member is checked like a file uploaded on its own."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pressdesk.lib import files

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(members: dict[str, bytes], name: str = "ekler.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def test_a_zip_of_pdfs_is_accepted_and_left_at_the_start():
    upload = _zip({"basin-bulteni.pdf": PDF, "ekler/tablo.pdf": PDF})
    files.validate_document_upload(upload)
    assert upload.read(2) == b"PK"


def test_an_executable_inside_a_zip_is_refused_by_its_content():
    upload = _zip({"rapor.pdf": PDF, "rapor2.pdf": b"MZ\x90\x00" + b"\x00" * 60})
    with pytest.raises(ValidationError, match=re.escape("rapor2.pdf")):
        files.validate_document_upload(upload)


def test_an_executable_inside_a_zip_is_refused_by_its_name():
    with pytest.raises(ValidationError, match=re.escape("kurulum.exe")):
        files.validate_document_upload(_zip({"rapor.pdf": PDF, "kurulum.exe": b"harmless looking"}))


def test_a_nested_zip_is_refused():
    inner = _zip({"a.pdf": PDF}).read()
    with pytest.raises(ValidationError, match=re.escape("ic.zip")):
        files.validate_document_upload(_zip({"ic.zip": inner}))


def test_a_corrupt_zip_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile(
        "ekler.zip", b"PK\x03\x04 this is not really a zip archive", content_type="application/zip"
    )
    with pytest.raises(ValidationError) as caught:
        files.validate_document_upload(upload)
    assert "ZIP" in caught.value.messages[0]


def test_a_zip_bomb_over_the_uncompressed_cap_is_refused(monkeypatch):
    monkeypatch.setattr(files, "ZIP_MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    upload = _zip({"sifirlar.txt": b"\x00" * (4 * 1024 * 1024)})  # a few kilobytes, declares 4 MB
    assert upload.size < 100 * 1024
    with pytest.raises(ValidationError, match=re.escape("ekler.zip")):
        files.validate_document_upload(upload)


def test_a_zip_with_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(files, "ZIP_MAX_MEMBERS", 3)
    with pytest.raises(ValidationError, match=re.escape("ekler.zip")):
        files.validate_document_upload(_zip({f"{n}.txt": b"metin" for n in range(4)}))
