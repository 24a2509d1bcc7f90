from __future__ import annotations

from django.urls import path

from dashboards import views, whatif_views

app_name = "dashboards"

urlpatterns = [
    path("review/", views.review_current, name="review_current"),
    # Before review/<month>/, which would otherwise take "what-if" for a month.
    path("review/what-if/", whatif_views.whatif, name="whatif"),
    path(
        "review/what-if/applications/",
        whatif_views.whatif_applications,
        name="whatif_applications",
    ),
    path("review/what-if/suggestions/", whatif_views.suggestions, name="suggestions"),
    path(
        "review/what-if/suggestions/apply/",
        whatif_views.suggestions_apply,
        name="suggestions_apply",
    ),
    path("vet/<int:pk>/worth/", whatif_views.worth, name="worth"),
    path("review/<str:month>/", views.review, name="review"),
    path("review/<str:month>/rules/<slug:code>/", views.rule_detail, name="rule_detail"),
    path("year/<int:year>/", views.year, name="year"),
    path("help/how-bidbook-decides/", views.help_decides, name="help"),
    path("settings/export/", views.data_export, name="export"),
]
