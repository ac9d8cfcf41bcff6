"""Project-wide views: health check, login form, error pages."""

from __future__ import annotations

import logging
import sys

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from pressdesk.lib import health
from pressdesk.lib.forms import StyledFormMixin

log = logging.getLogger(__name__)

# Used when even the error template cannot be rendered.
FALLBACK_ERROR_PAGE = (
    '<!doctype html><html lang="tr"><meta charset="utf-8"><title>Hata / Error</title>'
    '<h1>Bir hata oluştu, lütfen yeniden deneyin.</h1><p lang="en">Something went wrong, please try again.</p></html>'
)
DATABASE_RETRY_SECONDS = 30


class LoginForm(StyledFormMixin, AuthenticationForm):
    """The login form, with the request passed to authenticate() for lock-out tracking."""

    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class StyledSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class StyledPasswordResetForm(StyledFormMixin, PasswordResetForm):
    pass


@login_not_required
@never_cache
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else (a database outage must not restart it)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
def healthz_ready(request: HttpRequest) -> JsonResponse:
    """Readiness: database, broker and cache, each reported; 503 only when the database is down."""
    status, body = health.summary(health.readiness())
    return JsonResponse(body, status=status)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def _static_page(template_name: str, status: int) -> HttpResponse:
    """An error page that needs no database: rendered without the request, so no context processors run."""
    try:
        content = loader.get_template(template_name).render({})
    except Exception:  # the error page must never fail
        log.exception("The error page %s could not be rendered", template_name)
        content = FALLBACK_ERROR_PAGE
    return HttpResponse(content, status=status, content_type="text/html; charset=utf-8")


def database_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """503 in Turkish and English, with ``Retry-After``: the database cannot be reached."""
    response = _static_page("503.html", 503)
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the Turkish error page, or the 503 page when the cause is a database outage.

    Django calls this while handling the exception (in a view or in a middleware, e.g.
    loading the session), so ``sys.exc_info()`` still names the cause. It touches
    neither the database nor the user.
    """
    exc: BaseException | None = sys.exc_info()[1]
    for _depth in range(10):  # the exception and what it was raised from
        if exc is None:
            break
        if isinstance(exc, OperationalError | InterfaceError):
            log.error("Database unavailable: %s: %s", type(exc).__name__, exc)
            return database_unavailable(request)
        exc = exc.__cause__ or exc.__context__
    return _static_page("500.html", 500)


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for where a page names no icon (the admin, feeds, files)."""
    from django.http import HttpResponseRedirect
    from django.templatetags.static import static

    return HttpResponseRedirect(static("img/favicon.svg"))
