"""Connects History import, mounted by config.urls at "history/" (namespace "history")."""

from __future__ import annotations

from django.urls import path

from ledger import history_views

app_name = "history"

urlpatterns = [
    path("import/", history_views.history_import, name="import"),
    path("import/<int:pk>/", history_views.history_preview, name="preview"),
    path("import/<int:pk>/confirm/", history_views.history_confirm, name="confirm"),
    path(
        "entries/<int:pk>/reclassify/",
        history_views.entry_reclassify_view,
        name="reclassify",
    ),
]
