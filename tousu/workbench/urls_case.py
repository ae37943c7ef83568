"""URLs of the workbench's case pages (included by urls.py)."""

from django.urls import URLPattern, path

from .views import case, case_actions

urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/", case.case_detail, name="case"),
    path("cases/<int:pk>/act/<str:verb>/", case_actions.act, name="act"),
    path("cases/<int:pk>/reveal/", case_actions.reveal, name="reveal"),
    path("cases/<int:pk>/attachments/", case_actions.upload, name="upload"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_id>/",
        case_actions.attachment,
        name="attachment",
    ),
    path("cases/<int:pk>/print/", case.case_print, name="case_print"),
]
