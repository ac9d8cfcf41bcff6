"""The home screen's layout form: for each card, whether it is shown and its place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pressdesk.dashboard.queries import CARDS
from pressdesk.lib.forms import StyledForm, style_fields


class LayoutForm(StyledForm):
    """One "shown" box and one place (1…5) per card; the shown cards are ordered by place, then as listed."""

    def __init__(self, *args: Any, current: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = [*current, *(key for key in CARDS if key not in current)]
        places = [(str(n), str(n)) for n in range(1, len(CARDS) + 1)]
        for number, key in enumerate(order, start=1):
            self.fields[f"show_{key}"] = forms.BooleanField(
                label=_("Show “%(card)s”") % {"card": CARDS[key]}, required=False, initial=key in current
            )
            self.fields[f"place_{key}"] = forms.TypedChoiceField(
                label=_("Place of “%(card)s”") % {"card": CARDS[key]},
                choices=places,
                coerce=int,
                initial=str(number),
            )
        self.keys = order
        style_fields(self)  # the fields above were added after StyledForm styled the (empty) form

    def rows(self) -> list[tuple[str, Any, forms.BoundField, forms.BoundField]]:
        return [(key, CARDS[key], self[f"show_{key}"], self[f"place_{key}"]) for key in self.keys]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"show_{key}") for key in self.keys):
            raise ValidationError(_("Keep at least one card on the home screen."))
        return data

    def chosen(self) -> list[str]:
        data = self.cleaned_data
        shown = [key for key in self.keys if data.get(f"show_{key}")]
        return sorted(shown, key=lambda key: (data.get(f"place_{key}") or 99, self.keys.index(key)))
