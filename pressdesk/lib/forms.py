"""Bootstrap styling for every Django form, in one place.

Forms inherit ``StyledForm``/``StyledModelForm``; templates render
``{{ form }}`` or ``{{ form.field.as_field_group }}`` and get labels, help
text and Turkish errors next to the field, with what was typed kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.renderers import TemplatesSetting


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class StyledBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.is_bound and self.errors:
            # attrs given here replace the widget's own, so start from the widget's class.
            own = (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{attrs.get('class') or own} is-invalid".strip()
        return attrs


class OneQueryChoiceIterator(forms.models.ModelChoiceIterator):
    """Django's choice iterator, reading the choices in one plain query.

    Django iterates a choice field's queryset with ``QuerySet.iterator()``, which on
    PostgreSQL is a server-side cursor: DECLARE, FETCH and CLOSE, three round trips per
    select box on every page that shows one (half of the archive filters' rendering time).
    The options of a select box are few; one query that reads them all is cheaper.
    """

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a filter box above them once they are many (recipients, attendees, stories to pick).

    The box (``data-choice-filter``, ``static/js/pressdesk.js``) hides the options whose label
    does not hold every typed word, folded as Turkish (``ISTANBUL``, ``istanbul`` and
    ``İstanbul`` are equal); a ticked option always stays in sight, and Enter in the box never
    sends the form. Without JavaScript the list is the plain one.
    """

    template_name = "django/forms/widgets/filterable_checkbox_select.html"
    #: The box appears above this many options.
    min_choices = 8

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        options = sum(len(group_options) for _group, group_options, _index in context["widget"]["optgroups"])
        context["widget"]["filterable"] = options > self.min_choices
        return context


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.iterator is forms.models.ModelChoiceIterator:
            field.iterator = OneQueryChoiceIterator
            field.widget.choices = field.choices
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "list-unstyled mb-0"
        elif isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


# The mixin is a form for the type checker only; at run time it stands before the form class.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StyledFormMixin(_FormBase):
    """Bootstrap styling for any form class: put it first, ``class F(StyledFormMixin, SomeForm)``."""

    bound_field_class: type[forms.BoundField] | None = StyledBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
