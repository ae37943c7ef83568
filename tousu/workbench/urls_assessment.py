"""URLs of the workbench's assessment pages 考核 (included by urls.py)."""

from django.urls import URLPattern, path

from .views import assessment

urlpatterns: list[URLPattern] = [
    path("assessment/", assessment.assessment, name="assessment"),
    path("assessment/units/<slug:code>/", assessment.unit_history, name="assessment_unit"),
]
