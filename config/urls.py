from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from accounts.views import healthz, settings_page
from dashboards.views import home

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", home, name="home"),
    path("settings/", settings_page, name="settings"),
    path("", include("ledger.urls")),
    path("", include("dashboards.urls")),
    path("", include("vetting.urls")),
    path("history/", include("ledger.history_urls")),
    path("imports/", include("ledger.progress_urls")),
    path("api/v1/", include("api.urls")),
    path("settings/api-tokens/", include("api.token_urls")),
]
