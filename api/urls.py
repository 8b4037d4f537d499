"""URLs of the api app: the JSON API and the API tokens page."""

from django.urls import path

from . import endpoints, squad, views  # noqa: F401 (squad registers its endpoints)
from .http import wrapped_urls

app_name = "api"

_patterns = endpoints.api.urls[0]

urlpatterns = [
    path("api/v1/", (wrapped_urls(_patterns), "api-v1", "api-v1")),
    path("api/tokens/", views.api_tokens, name="tokens"),
]
