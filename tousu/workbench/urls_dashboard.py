"""URLs of the dashboards (included by urls.py)."""

from django.urls import URLPattern, path

from .views import dashboard

urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/cases/", dashboard.dashboard_cases, name="dashboard_cases"),
]
