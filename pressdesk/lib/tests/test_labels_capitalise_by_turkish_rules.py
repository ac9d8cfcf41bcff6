"""Labels keep the Turkish capital İ: ``ivedilik`` → ``İvedilik``, never ``Ivedilik``.

Scans every model verbose name, every model field's form label and every form
class's labels in the project under Turkish; a leading ``I`` followed by a small
letter is wrong unless the word really starts with the dotless ``I`` (the short
list below) or is a foreign name.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

import pressdesk
from pressdesk.lib.capitalisation import capfirst

# Turkish words that do start with the dotless capital I, and foreign names.
DOTLESS_OR_FOREIGN = {
    "ılık",
    "ışık",
    "ıslak",
    "ısı",
    "ısıtma",
    "ırk",
    "ıhlamur",
    "ılgaz",
    "ıspanak",
    "ısparta",
    "ığdır",
}
FOREIGN = {"instagram", "imap", "internet"}
WRONG = re.compile(r"^I[a-zçğöşü]")


def _wrong(label: object) -> bool:
    text = str(label or "")
    if not WRONG.match(text):
        return False
    word = re.split(r"[\s(/,:.’']", text, maxsplit=1)[0]
    folded = word.lower()
    return folded not in FOREIGN and ("ı" + folded[1:]) not in DOTLESS_OR_FOREIGN


def _project_forms() -> list[type[forms.BaseForm]]:
    found: list[type[forms.BaseForm]] = []
    for info in pkgutil.walk_packages(pressdesk.__path__, "pressdesk."):
        if not info.name.endswith(".forms") or ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_capfirst_follows_the_active_language():
    with translation.override("tr"):
        assert str(capfirst("ivedilik")) == "İvedilik"
        assert str(capfirst("ışık")) == "Işık"
        assert Template("{{ v|capfirst }}").render(Context({"v": "imzalayan"})) == "İmzalayan"
    with translation.override("en"):
        assert str(capfirst("item")) == "Item"


def test_no_label_or_verbose_name_loses_the_dotted_capital_i():
    wrong: list[str] = []
    with translation.override("tr"):
        for model in apps.get_models():
            if not model.__module__.startswith("pressdesk."):
                continue
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                if _wrong(capfirst(name)):
                    wrong.append(f"{model._meta.label}: {capfirst(name)}")
            for field in model._meta.get_fields():
                verbose = getattr(field, "verbose_name", None)
                if verbose and _wrong(capfirst(verbose)):
                    wrong.append(f"{model._meta.label}.{field.name}: {capfirst(verbose)}")
                formfield = getattr(field, "formfield", None)
                made = formfield() if formfield and getattr(field, "editable", False) else None
                if made is not None and _wrong(made.label):
                    wrong.append(f"{model._meta.label}.{field.name} (form): {made.label}")
        for form_class in _project_forms():
            for name, field in form_class.base_fields.items():
                if _wrong(field.label):
                    wrong.append(f"{form_class.__module__}.{form_class.__name__}.{name}: {field.label}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("text", ["Ivedilik", "Imzalayan", "Ilgi", "Iletilen haberler"])
def test_the_scan_recognises_the_reported_labels(text):
    assert _wrong(text)
    assert not _wrong("Işık")
    assert not _wrong("Instagram hesabı")
