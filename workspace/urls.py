"""The pages that belong to no single app: the home page and the combined settings page."""

from __future__ import annotations

from django.urls import path

from accounts.views import healthz
from dashboards.views import home
from workspace import views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", home, name="home"),
    path("settings/", views.settings_page, name="settings"),
]
