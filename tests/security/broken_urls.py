"""A URL map with a view that crashes, for the 500-page test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from teamcoach.urls import handler500  # noqa: F401 — the real handler


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("database password=hunter2 at SELECT * FROM secrets")


urlpatterns = [path("boom/", boom)]
