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

# --- issue 4: read-only resources (HTML, JSON, CSV by Accept or ?format=) ---
from . import resources  # noqa: E402

urlpatterns += [
    path(
        "best/<slug:slug>/<str:size>/card/",
        views.best_lineup,
        {"card": True},
        name="best_lineup_card",
    ),
    path("teams/<slug:slug>/", resources.team_detail, name="team_detail"),
    path("teams/<slug:slug>/roster/", resources.team_roster, name="team_roster"),
    path("teams/<slug:slug>/fixtures/", resources.team_fixtures, name="team_fixtures"),
]
# --- end issue 4 ---
