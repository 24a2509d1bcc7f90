from __future__ import annotations

from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("applications/", views.applications, name="applications"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/import/", views.applications_import, name="applications_import"),
    path("applications/export.csv", views.applications_export, name="applications_export"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/status/", views.application_status, name="application_status"),
    path("applications/<int:pk>/outcome/", views.application_outcome, name="application_outcome"),
    path(
        "applications/<int:pk>/boost-returned/",
        views.application_boost_returned,
        name="application_boost_returned",
    ),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/remove/", views.application_remove, name="application_remove"),
    path("ledger/", views.entries, name="entries"),
    path("ledger/purchase/", views.purchase, name="purchase"),
    path("ledger/grant/", views.grant, name="grant"),
    path("ledger/adjust/", views.adjust, name="adjust"),
    path("ledger/export.csv", views.entries_export, name="entries_export"),
    path("settings/ledger/", views.ledger_settings, name="settings"),
]
