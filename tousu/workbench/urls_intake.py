"""URLs of the workbench's intake pages (included by urls.py)."""

from django.urls import URLPattern, path

from .views import intake

urlpatterns: list[URLPattern] = [
    path("cases/new/", intake.intake, name="intake"),
    path("cases/new/severity/", intake.intake_severity, name="intake_severity"),
    path("cases/new/done/<int:pk>/", intake.intake_done, name="intake_done"),
]
