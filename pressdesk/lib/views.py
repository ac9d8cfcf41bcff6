"""Run an action from a view and show its refusal to the user: one way, written once.

Actions refuse with ``ValidationError`` (bad input or a state that does not allow
the change) or ``PermissionDenied``. A view either shows the refusal as a message on
the page it redirects to, or as errors of the form it re-renders::

    with action_errors(request) as outcome:
        actions.unpublish(actor=request.user, story=story)
    if outcome.ok:
        messages.success(request, _("The story was taken off the newsroom."))
    return redirect(story)

    with action_errors(request, form=form) as outcome:
        actions.save_press_contact(actor=request.user, **form.cleaned_data)
    if outcome.ok:
        return redirect("publishing:contacts")
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext as _


def error_text(exc: ValidationError | PermissionDenied) -> str:
    """One sentence for the user: every message of a ``ValidationError`` joined, or the refusal's reason."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You are not allowed to do this.")


def add_form_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a ``ValidationError`` on ``form``: per field where the form has that field, else on the whole form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@dataclass
class Outcome:
    """What became of the action run inside :func:`action_errors`."""

    error: ValidationError | PermissionDenied | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def failed(self) -> bool:
        return self.error is not None


@contextmanager
def action_errors(
    request: HttpRequest,
    *,
    form: BaseForm | None = None,
    permission: bool = True,
    each: bool = False,
    per_field: bool = True,
) -> Iterator[Outcome]:
    """Run the block; show a ``ValidationError`` (and ``PermissionDenied``) it raises to the user.

    - Without ``form`` the refusal becomes one error message (``each=True``: one message per
      validation message); with ``form`` it becomes the form's errors (per field where the
      form has the field; ``per_field=False``: one error on top of the form).
    - ``permission=False`` lets ``PermissionDenied`` through, so Django answers 403.

    The returned :class:`Outcome` tells the view whether the action went through.
    """
    outcome = Outcome()
    caught: tuple[type[Exception], ...] = (ValidationError, PermissionDenied) if permission else (ValidationError,)
    try:
        yield outcome
    except caught as exc:
        assert isinstance(exc, ValidationError | PermissionDenied)
        outcome.error = exc
        if form is not None:
            if per_field and isinstance(exc, ValidationError):
                add_form_errors(form, exc)
            else:
                form.add_error(None, error_text(exc))
        elif each and isinstance(exc, ValidationError):
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.error(request, error_text(exc))


def form_errors_as_messages(request: HttpRequest, form: BaseForm) -> None:
    """Show an invalid form's errors as error messages (for a form posted from another page)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
