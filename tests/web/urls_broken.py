"""The project's URLs plus one view with a bug in it, to see the 500 page (tests only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tousu.urls import handler400, handler403, handler404, handler500
from tousu.urls import urlpatterns as project_urls


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *project_urls]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
