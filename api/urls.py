"""URLs of the api app: the JSON API and the API tokens page."""

from django.urls import path, re_path

# Each resource module registers its endpoints on the one API object when imported.
from . import availability, clubs, games, lineups, players, results, teams, views  # noqa: F401
from .protocol import add_slash, wrapped_urls
from .router import api

app_name = "api"

_patterns = api.urls[0]

urlpatterns = [
    path("api/v1/", (wrapped_urls(_patterns), "api-v1", "api-v1")),
    # After the API's own addresses: only those typed without their trailing slash.
    re_path(r"^api/v1(?:/.*[^/])?$", add_slash),
    path("api/tokens/", views.api_tokens, name="tokens"),
]
