"""The URL map. Only include() strings: config is the bottom floor and imports no app's views."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("workspace.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("ledger.urls")),
    path("", include("dashboards.urls")),
    path("", include("vetting.urls")),
    path("history/", include("ledger.history_urls")),
    path("imports/", include("ledger.progress_urls")),
]
