"""The project's URLs as they are with ``DEMO`` on (``pressdesk/urls.py`` adds these only then)."""

from django.urls import include, path

from pressdesk.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [*urlpatterns, path("demo/", include("pressdesk.demo.endpoints"))]
