"""URLs of the api app: calendar feeds, their management, personal API tokens."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("teams/<slug:slug>/calendar/", views.calendar_manage, name="calendar_manage"),
    path("api/tokens/", views.api_tokens, name="tokens"),
]
