"""Rendering official letters: one layout (``layout``), written as DOCX and converted to PDF."""

from pressdesk.documents.rendering.docx import render_docx
from pressdesk.documents.rendering.layout import IncompleteLetter, LetterParts, parts_for
from pressdesk.documents.rendering.pdf import PdfUnavailable, render_pdf

__all__ = ["IncompleteLetter", "LetterParts", "PdfUnavailable", "parts_for", "render_docx", "render_pdf"]
