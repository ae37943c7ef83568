from django.contrib import admin
from django.urls import include, path

from tousu.api.router import api
from tousu.intake import sms

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("tousu.intake.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", include("tousu.portal.urls")),
    path("channels/wechat/", include("tousu.intake.wechat.urls")),
    path("channels/sms/", sms.webhook, name="sms-webhook"),
    path("", include("tousu.workbench.urls")),
]

# Tousu's own error pages (tousu/web/errors.py), whatever DEBUG says about the rest.
handler400 = "tousu.web.errors.bad_request"
handler403 = "tousu.web.errors.permission_denied"
handler404 = "tousu.web.errors.page_not_found"
handler500 = "tousu.web.errors.server_error"
