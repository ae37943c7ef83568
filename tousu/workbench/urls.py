from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import auth, duty, home, imports, notifications, preferences

app_name = "workbench"

urlpatterns = [
    path("", home.workbench, name="home"),
    path("q/<slug:key>/", home.queue, name="queue"),
    path("q-counts/", home.queue_counts, name="queue_counts"),
    path("duty/", duty.duty, name="duty"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.mark_all_read, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", notifications.mark_read, name="notification_read"),
    path(
        "notifications/settings/",
        preferences.preferences,
        name="notification_preferences",
    ),
    path("imports/", imports.imports, name="imports"),
    path("imports/template.xlsx", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<int:pk>/start/", imports.import_start, name="import_start"),
    path("imports/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("imports/<int:pk>/problems.xlsx", imports.import_errors, name="import_errors"),
    path("", include("tousu.workbench.urls_case")),
    path("", include("tousu.workbench.urls_intake")),
    path("", include("tousu.workbench.urls_search")),
    path("", include("tousu.workbench.urls_dashboard")),
    path("", include("tousu.workbench.urls_assessment")),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth.PasswordChangeDoneView.as_view(), name="password_changed"),
]
