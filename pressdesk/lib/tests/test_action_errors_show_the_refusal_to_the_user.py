"""``action_errors``: an action's refusal becomes a message or form errors, written once for every view."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation

from pressdesk.lib.views import action_errors, error_text


class _NameForm(forms.Form):
    name = forms.CharField()


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _texts(request: HttpRequest) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_validation_error_becomes_one_error_message_with_every_text() -> None:
    request = _request()
    with action_errors(request) as outcome:
        raise ValidationError(["The story is locked.", "It has no title."])
    assert outcome.failed and not outcome.ok
    assert _texts(request) == ["The story is locked. It has no title."]


def test_each_shows_one_message_per_validation_text() -> None:
    request = _request()
    with action_errors(request, each=True):
        raise ValidationError(["No channel.", "No photo."])
    assert _texts(request) == ["No channel.", "No photo."]


def test_permission_denied_shows_its_reason_or_the_one_default_wording() -> None:
    request = _request()
    with translation.override("en"):
        with action_errors(request):
            raise PermissionDenied("Only the author may do this.")
        with action_errors(request):
            raise PermissionDenied
    assert _texts(request) == ["Only the author may do this.", "You are not allowed to do this."]


def test_default_refusal_is_translated_to_turkish() -> None:
    with translation.override("tr"):
        assert error_text(PermissionDenied()) == "Bunu yapmaya yetkiniz yok."


def test_permission_false_lets_permission_denied_through_for_a_403() -> None:
    request = _request()
    with pytest.raises(PermissionDenied), action_errors(request, permission=False):
        raise PermissionDenied


def test_message_dict_goes_to_the_form_fields_and_unknown_fields_on_top() -> None:
    request = _request()
    form = _NameForm({"name": "x"})
    assert form.is_valid()
    with action_errors(request, form=form) as outcome:
        raise ValidationError({"name": "This name is taken.", "other": "Something else is wrong."})
    assert outcome.failed
    assert form.errors["name"] == ["This name is taken."]
    assert form.non_field_errors() == ["Something else is wrong."]
    assert _texts(request) == []


def test_permission_denied_goes_on_top_of_the_form() -> None:
    form = _NameForm({"name": "x"})
    assert form.is_valid()
    with translation.override("en"), action_errors(_request(), form=form):
        raise PermissionDenied
    assert form.non_field_errors() == ["You are not allowed to do this."]


def test_action_that_goes_through_is_ok_and_shows_nothing() -> None:
    request = _request()
    with action_errors(request) as outcome:
        pass
    assert outcome.ok
    assert _texts(request) == []


def test_per_field_false_puts_every_text_in_one_error_on_top_of_the_form() -> None:
    form = _NameForm({"name": "x"})
    assert form.is_valid()
    with action_errors(_request(), form=form, per_field=False):
        raise ValidationError({"name": "Too long."})
    assert form.non_field_errors() == ["Too long."]
    assert "name" not in form.errors
