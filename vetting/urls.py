"""Vetting pages, mounted by config.urls at "" (namespace "vetting")."""

from __future__ import annotations

from django.urls import path

from vetting import views

app_name = "vetting"

urlpatterns = [
    path("vet/", views.vet, name="vet"),
    path("vet/manual/", views.vet_manual, name="vet_manual"),
    path("vet/capture/", views.vet_capture, name="capture"),
    path("vet/<int:pk>/", views.vetting_detail, name="vetting_detail"),
    path("vet/<int:pk>/rescore/", views.vetting_rescore_view, name="vetting_rescore"),
    path("vet/<int:pk>/skip/", views.vetting_skip, name="vetting_skip"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("settings/vetting/", views.settings, name="settings"),
]
