"""Template helpers for official letters: the same layout the DOCX uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from pressdesk.documents.rendering.layout import LetterParts, parts_from_content

register = template.Library()


@register.simple_tag
def letter_parts(content: Mapping[str, Any]) -> LetterParts:
    """``{% letter_parts content as parts %}``: what goes where, even for an unfinished draft."""
    return parts_from_content(content or {}, strict=False)
