"""Login (rate-limited by django-axes), logout and password change."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class LoginView(auth_views.LoginView):
    template_name = "workbench/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "workbench/password_change.html"
    success_url = reverse_lazy("workbench:password_changed")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "workbench/password_changed.html"
