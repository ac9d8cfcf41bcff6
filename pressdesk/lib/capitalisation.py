"""One Turkish-aware ``capfirst`` for labels and verbose names.

Django capitalises a field's verbose name into its form label, its admin column
and its history label with ``django.utils.text.capfirst``, which upper-cases by
the root locale: the Turkish ``ivedilik`` becomes ``Ivedilik`` instead of
``İvedilik``. Django has no hook for the case mapping, so :func:`install`
rebinds ``capfirst`` in the Django modules that imported it, and the template
filter of the same name is replaced through the template engine's ``builtins``
(``{{ value|capfirst }}``). The replacement follows the active language when the
text is rendered: ``i`` → ``İ`` and ``ı`` → ``I`` under Turkish, Django's own
behaviour under any other language.
"""

from __future__ import annotations

import importlib
from typing import Any

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.functional import keep_lazy_text
from django.utils.translation import get_language

from pressdesk.lib import turkish

#: Django modules that bound ``capfirst`` at import and use it for labels and names.
DJANGO_MODULES = (
    "django.utils.text",
    "django.db.models.base",
    "django.db.models.fields",
    "django.forms.models",
    "django.contrib.admin.options",
    "django.contrib.admin.utils",
    "django.contrib.admin.helpers",
    "django.contrib.admin.sites",
    "django.contrib.admin.templatetags.admin_list",
    "django.contrib.auth.forms",
)


def _turkish_active() -> bool:
    return (get_language() or "").lower().startswith("tr")


def capitalise(text: Any) -> str:
    """``text`` with its first letter upper-cased by the active language's rules."""
    if not text:
        return text
    text = str(text)
    first = turkish.upper(text[0]) if _turkish_active() else text[0].upper()
    return first + text[1:]


capfirst = keep_lazy_text(capitalise)

register = template.Library()


@register.filter(name="capfirst", is_safe=True)
@stringfilter
def capfirst_filter(value: str) -> str:
    """The ``capfirst`` template filter, Turkish-aware (replaces Django's through ``builtins``)."""
    return capitalise(value)


def install() -> None:
    """Rebind ``capfirst`` in the Django modules that use it (idempotent)."""
    for name in DJANGO_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "capfirst"):
            module.capfirst = capfirst  # type: ignore[attr-defined]
