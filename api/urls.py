"""URLs of the api app: the JSON API and the API tokens page."""

from django.urls import path

# Each resource module registers its endpoints on the one API object when imported.
from . import availability, clubs, games, lineups, players, teams, views  # noqa: F401
from .protocol import wrapped_urls
from .router import api

app_name = "api"

_patterns = api.urls[0]

urlpatterns = [
    path("api/v1/", (wrapped_urls(_patterns), "api-v1", "api-v1")),
    path("api/tokens/", views.api_tokens, name="tokens"),
]
