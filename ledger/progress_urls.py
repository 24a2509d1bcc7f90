"""The import progress page, mounted by config.urls at "imports/" (namespace "imports")."""

from __future__ import annotations

from django.urls import path

from ledger.views.imports import import_discard_view, import_progress, import_retry_view

app_name = "imports"

urlpatterns = [
    path("<int:pk>/", import_progress, name="progress"),
    path("<int:pk>/retry/", import_retry_view, name="retry"),
    path("<int:pk>/discard/", import_discard_view, name="discard"),
]
