from __future__ import annotations

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("review/", views.review_current, name="review_current"),
    path("review/<str:month>/", views.review, name="review"),
    path("review/<str:month>/rules/<slug:code>/", views.rule_detail, name="rule_detail"),
    path("year/<int:year>/", views.year, name="year"),
    path("help/how-bidbook-decides/", views.help_decides, name="help"),
    path("settings/export/", views.data_export, name="export"),
]
