"""URL map for the fair-play rotation pages."""

from django.urls import path

from . import views

app_name = "fairplay"

urlpatterns = [
    path("teams/<slug:slug>/rotation-settings/", views.settings_edit, name="settings"),
    path("teams/<slug:slug>/fairness/", views.ledger, name="ledger"),
    path("teams/<slug:slug>/games/<int:game_id>/rotation/", views.plan, name="plan"),
    path("teams/<slug:slug>/games/<int:game_id>/rotation/card/", views.card, name="card"),
    path(
        "teams/<slug:slug>/games/<int:game_id>/rotation/compliance/",
        views.compliance_report,
        name="compliance",
    ),
    path("teams/<slug:slug>/games/<int:game_id>/rotation/replan/", views.replan, name="replan"),
    path("teams/<slug:slug>/games/<int:game_id>/rotation/played/", views.played, name="played"),
]
