"""URL map for the fair-play rotation pages."""

from django.urls import path

from . import live_views, offline, views

app_name = "fairplay"

urlpatterns = [
    # At the root: a service worker's scope is its own folder and below.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline, name="offline"),
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
    path("teams/<slug:slug>/games/<int:game_id>/live/", live_views.live_screen, name="live"),
    path(
        "teams/<slug:slug>/games/<int:game_id>/live/state/",
        live_views.live_state,
        name="live_state",
    ),
    path(
        "teams/<slug:slug>/games/<int:game_id>/live/changes/",
        live_views.change_record,
        name="changes",
    ),
    path(
        "teams/<slug:slug>/games/<int:game_id>/live/clock/", live_views.clock_change, name="clock"
    ),
]
