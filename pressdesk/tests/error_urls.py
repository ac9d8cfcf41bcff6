"""The project's URLs plus views that fail, for the error page tests."""

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from pressdesk.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@login_not_required
def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@login_not_required
def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


@login_not_required
def broken(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug")


urlpatterns = [
    *urlpatterns,
    path("test-errors/database/", database_down),
    path("test-errors/interface/", connection_closed),
    path("test-errors/bug/", broken),
]
