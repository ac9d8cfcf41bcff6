from django import forms

from pressdesk.lib.forms import FilterableCheckboxSelectMultiple, StyledForm


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


class _Choices(StyledForm):
    people = forms.MultipleChoiceField(widget=FilterableCheckboxSelectMultiple)

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(str(n), f"Kişi {n}") for n in range(count)]


def test_a_long_list_of_checkboxes_gets_a_filter_box_a_short_one_does_not():
    long_html = str(_Choices(count=FilterableCheckboxSelectMultiple.min_choices + 1)["people"])
    assert 'data-choice-filter="id_people"' in long_html
    assert 'id="id_people_filter"' in long_html and 'for="id_people_filter"' in long_html
    assert 'type="search"' in long_html and 'name="people"' in long_html
    # The box has no name: it is never sent with the form.
    assert long_html.count('name="') == FilterableCheckboxSelectMultiple.min_choices + 1
    short_html = str(_Choices(count=FilterableCheckboxSelectMultiple.min_choices)["people"])
    assert "data-choice-filter" not in short_html and 'name="people"' in short_html
