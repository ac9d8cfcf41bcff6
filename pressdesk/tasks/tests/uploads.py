"""Uploaded files for the tests."""

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(name: str = "brief.pdf", content: bytes = b"%PDF-1.4 brief") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def program(name: str) -> SimpleUploadedFile:
    """A Windows executable (``MZ`` header) under any name."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03 this is a program", content_type="application/pdf")
