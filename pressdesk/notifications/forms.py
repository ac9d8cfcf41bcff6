from __future__ import annotations

from typing import Any

from django import forms

from pressdesk.lib.forms import StyledForm
from pressdesk.notifications.kinds import KINDS


class PreferencesForm(StyledForm):
    """Two checkboxes per kind: in the application, by e-mail."""

    def __init__(self, *args: Any, initial_table: list[tuple[str, Any, bool, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for code, label, in_app, email in initial_table:
            self.fields[f"{code}__app"] = forms.BooleanField(required=False, initial=in_app, label=label)
            self.fields[f"{code}__email"] = forms.BooleanField(required=False, initial=email, label=label)
            self.rows.append((label, self[f"{code}__app"], self[f"{code}__email"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        return {k.code: (self.cleaned_data[f"{k.code}__app"], self.cleaned_data[f"{k.code}__email"]) for k in KINDS}
