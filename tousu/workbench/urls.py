from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import auth, duty, home, notifications

app_name = "workbench"

urlpatterns = [
    path("", home.workbench, name="home"),
    path("q/<slug:key>/", home.queue, name="queue"),
    path("q-counts/", home.queue_counts, name="queue_counts"),
    path("duty/", duty.duty, name="duty"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.mark_all_read, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", notifications.mark_read, name="notification_read"),
    path("", include("tousu.workbench.urls_case")),
    path("", include("tousu.workbench.urls_intake")),
    path("", include("tousu.workbench.urls_search")),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth.PasswordChangeDoneView.as_view(), name="password_changed"),
]
