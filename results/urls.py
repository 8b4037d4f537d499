"""URL map for results: recording a game's result, and the season page."""

from django.urls import path

from . import season, views

app_name = "results"

urlpatterns = [
    path("teams/<slug:slug>/games/<int:game_id>/result/", views.result, name="result"),
    path(
        "teams/<slug:slug>/games/<int:game_id>/result/starters/",
        views.starters,
        name="starters",
    ),
    path(
        "teams/<slug:slug>/games/<int:game_id>/result/events/",
        views.event_add,
        name="event_add",
    ),
    path(
        "teams/<slug:slug>/games/<int:game_id>/result/events/<int:event_id>/delete/",
        views.event_remove,
        name="event_remove",
    ),
    path("teams/<slug:slug>/season/", season.season, name="season"),
]
