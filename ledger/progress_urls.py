"""The import progress page, mounted by config.urls at "imports/" (namespace "imports")."""

from __future__ import annotations

from django.urls import path

from ledger.views.imports import import_progress

app_name = "imports"

urlpatterns = [
    path("<int:pk>/", import_progress, name="progress"),
]
