"""One helper decides whether a view renders a full page or an htmx fragment."""

from __future__ import annotations

from django.http import HttpRequest


def htmx_partial(request: HttpRequest, full: str, partial: str) -> str:
    """Return ``partial`` for htmx requests that target a fragment, else ``full``.

    Boosted navigation (``hx-boost``) asks for whole pages, so it gets ``full``.
    """
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted:
        return partial
    return full
