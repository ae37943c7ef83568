"""URLs of the workbench's case pages (included by urls.py)."""

from django.urls import URLPattern, path

from .views import case

urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/", case.case_detail, name="case"),
    path("cases/<int:pk>/act/<str:verb>/", case.act, name="act"),
    path("cases/<int:pk>/reveal/", case.reveal, name="reveal"),
    path("cases/<int:pk>/attachments/", case.upload, name="upload"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_id>/",
        case.attachment,
        name="attachment",
    ),
    path("cases/<int:pk>/print/", case.case_print, name="case_print"),
]
