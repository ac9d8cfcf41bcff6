"""Body paragraphs: justified, 1.25 cm first-line indent, no blank lines between, the closing at the end (m.16)."""

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from pressdesk.documents.models import Letter
from pressdesk.documents.rendering import render_docx
from pressdesk.documents.tests.conftest import open_docx

pytestmark = pytest.mark.django_db


def _body(document):
    """Paragraphs indented 1.25 cm on the first line (stored in twips, so within 0.01 cm)."""
    indents = [(p, p.paragraph_format.first_line_indent) for p in document.paragraphs]
    return [p for p, indent in indents if indent is not None and abs(indent - Cm(1.25)) < Cm(0.01)]


def test_body_paragraphs_are_justified_with_indent_and_no_blank_lines(make_letter):
    document = open_docx(render_docx(make_letter()))
    body = _body(document)
    assert len(body) == 2
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY for p in body)
    paragraphs = document.paragraphs
    first = paragraphs.index(next(p for p in paragraphs if p.text == body[0].text))
    assert paragraphs[first + 1].text == body[1].text  # no blank line between
    assert body[-1].text.endswith("rica ederim.")
    assert body[-1].text.count("rica ederim") == 1


def test_closing_is_appended_when_the_body_lacks_it(make_letter):
    letter = make_letter(body="Haber ile ilgili bilgi notunun gönderilmesi gerekmektedir", closing=Letter.Closing.ARZ)
    body = _body(open_docx(render_docx(letter)))
    assert body[-1].text == "Haber ile ilgili bilgi notunun gönderilmesi gerekmektedir. Arz ederim."


def test_blank_lines_in_the_typed_body_are_not_printed(make_letter):
    letter = make_letter(body="Birinci paragraf.\n\n\nİkinci paragraf rica ederim.")
    body = _body(open_docx(render_docx(letter)))
    assert [p.text for p in body] == ["Birinci paragraf.", "İkinci paragraf rica ederim."]
