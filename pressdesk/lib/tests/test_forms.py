from django import forms

from pressdesk.lib.forms import StyledForm


class _Form(StyledForm):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A")])


def test_invalid_field_keeps_its_bootstrap_class_and_is_marked_invalid():
    form = _Form(data={"name": "", "kind": "zzz"})
    assert not form.is_valid()
    html = str(form["name"])
    assert 'class="form-control is-invalid"' in html
    assert 'class="form-select is-invalid"' in str(form["kind"])
    assert 'aria-invalid="true"' in html
