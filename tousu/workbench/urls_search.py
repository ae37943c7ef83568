"""URLs of the workbench's search pages and the leaders' overview (included by urls.py)."""

from django.urls import URLPattern, path

from .views import overview, search

urlpatterns: list[URLPattern] = [
    path("search/", search.search, name="search"),
    path("search/export.xlsx", search.search_export, name="search_export"),
    path("overview/", overview.overview, name="overview"),
]
