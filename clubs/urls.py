"""URL map for the lineup pages (step 3 of the request anatomy)."""

from django.urls import path

from . import views

app_name = "clubs"

urlpatterns = [
    # /best and /best/ both take ?team=<slug>&show=<n>; the answer is a redirect
    # to the one canonical, bookmarkable URL below.
    path("best", views.best_form),
    path("best/", views.best_form, name="best_form"),
    path("best/<slug:key>/", views.best_team_or_type, name="best_team_or_type"),
    path("best/<slug:slug>/<str:size>/", views.best_lineup, name="best_lineup"),
]
