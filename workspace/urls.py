"""The pages that belong to no single app: the home page and the combined settings page."""

from __future__ import annotations

from django.urls import path

from dashboards.views import home
from workspace import views

# /healthz is answered by accounts.health.HealthzMiddleware, ahead of sessions and logins.
urlpatterns = [
    path("", home, name="home"),
    path("settings/", views.settings_page, name="settings"),
]
