"""/open311/v2/…: every endpoint in .json and .xml; `service/{code}` as well as the
specification's `services/{code}` (older clients ask for the singular)."""

from django.urls import path, re_path

from . import views

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)"

urlpatterns = [
    path("", views.discovery, {"fmt": "json"}, name="root"),
    re_path(rf"^discovery{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}$", views.services, name="services"),
    re_path(rf"^services?/(?P<code>[^/]+?){FMT}$", views.definition, name="definition"),
    re_path(rf"^requests{FMT}$", views.requests, name="requests"),
    re_path(rf"^requests/(?P<number>[^/]+?){FMT}$", views.one_request, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}$", views.token, name="token"),
    # Anything else here answers in the spec's format (XML when the path asks for it).
    re_path(r"^.*\.xml$", views.unknown, {"fmt": "xml"}),
    re_path(r"^.*$", views.unknown, {"fmt": "json"}),
]
