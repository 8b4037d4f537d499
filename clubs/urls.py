"""URL map for the lineup pages (step 3 of the request anatomy)."""

from django.urls import path, re_path

from . import calendar, game_views, import_views, manage_views, resources, share_views, views

app_name = "clubs"

urlpatterns = [
    # /best and /best/ both take ?team=<slug>&show=<n>; the answer is a redirect
    # to the one canonical, bookmarkable URL below.
    path("best", views.best_form),
    path("best/", views.best_form, name="best_form"),
    path("best/<slug:team_or_type>/", views.best_team_or_type, name="best_team_or_type"),
    path("best/<slug:slug>/<str:size>/", views.best_lineup, name="best_lineup"),
    path(
        "best/<slug:slug>/<str:size>/card/",
        views.best_lineup,
        {"card": True},
        name="best_lineup_card",
    ),
    # The write side: forms → clubs.services → 303.
    path("manage/", manage_views.my_teams, name="my_teams"),
    path("manage/deleted/", manage_views.deleted, name="deleted"),
    path("teams/new/", manage_views.team_new, name="team_new"),
    path("teams/<slug:slug>/manage/", manage_views.team_manage, name="team_manage"),
    path("teams/<slug:slug>/edit/", manage_views.team_edit, name="team_edit"),
    path("teams/<slug:slug>/history/", manage_views.team_history, name="team_history"),
    path("teams/<slug:slug>/players/new/", manage_views.player_form, name="player_new"),
    path("teams/<slug:slug>/players/<int:pk>/edit/", manage_views.player_form, name="player_edit"),
    path(
        "teams/<slug:slug>/players/<int:pk>/retire/",
        manage_views.player_retire,
        name="player_retire",
    ),
    path("teams/<slug:slug>/games/new/", manage_views.game_form, name="game_new"),
    path("teams/<slug:slug>/games/<int:pk>/edit/", manage_views.game_form, name="game_edit"),
    # One game's lineup (GET, any format) and the coach's choices on it (POST).
    path("teams/<slug:slug>/games/<int:pk>/lineup/", game_views.game_lineup, name="game_lineup"),
    path(
        "teams/<slug:slug>/games/<int:pk>/lineup/card/",
        game_views.game_lineup_card,
        name="game_lineup_card",
    ),
    path("teams/<slug:slug>/games/<int:pk>/finish/", game_views.game_finish, name="game_finish"),
    path(
        "teams/<slug:slug>/games/<int:pk>/availability/",
        manage_views.game_availability,
        name="game_availability",
    ),
    path(
        "teams/<slug:slug>/games/<int:pk>/availability/send/",
        manage_views.game_links_send,
        name="game_links_send",
    ),
    path(
        "teams/<slug:slug>/games/<int:pk>/availability/remind/",
        manage_views.game_reminder_set,
        name="game_reminder_set",
    ),
    path(
        "teams/<slug:slug>/games/<int:pk>/share/",
        share_views.game_share,
        name="game_share",
    ),
    path(
        "teams/<slug:slug>/games/<int:pk>/send-lineup/",
        share_views.lineup_send,
        name="lineup_send",
    ),
    path(
        "teams/<slug:slug>/games/<int:pk>/availability/copy-links/",
        share_views.answer_links_copy,
        name="answer_links_copy",
    ),
    path("a/<str:token>/", manage_views.answer_link, name="answer_link"),
    path("s/<str:token>/", share_views.share_page, name="share_page"),
    path("teams/<slug:slug>/calendar/", calendar.calendar_manage, name="calendar_manage"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    re_path(
        r"^teams/(?P<slug>[-\w]+)/import/(?P<kind>roster|fixtures)/$",
        import_views.csv_import,
        name="csv_import",
    ),
    re_path(
        r"^teams/(?P<slug>[-\w]+)/export/(?P<kind>roster|fixtures)\.csv$",
        import_views.csv_export,
        name="csv_export",
    ),
    # Read-only resources (after /teams/new/, which is not a team).
    # HTML, JSON or CSV by Accept or ?format=.
    path("teams/<slug:slug>/", resources.team_detail, name="team_detail"),
    path("teams/<slug:slug>/roster/", resources.team_roster, name="team_roster"),
    path("teams/<slug:slug>/fixtures/", resources.team_fixtures, name="team_fixtures"),
]
