"""400/403/404/405/429/500/503: the site's own pages, leaking nothing."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LEAKS = [
    b"Traceback",
    b"SECRET_KEY",
    b"settings.py",
    b"SELECT ",
    b"django.",
    b"DEBUG",
    b"Exception",
]


def assert_own_page(response, status: int) -> None:
    assert response.status_code == status
    body = response.content
    assert b"teamcoach" in body, "the site's own template"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    for leak in LEAKS:
        assert leak not in body, leak


def test_a_bad_host_header_is_the_own_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert_own_page(response, 400)
    assert b"evil.example" not in response.content


def test_a_missing_csrf_token_is_the_own_403_page(club_data):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert_own_page(response, 403)
    assert b"security check for this form failed" in response.content


def test_an_unknown_address_is_the_own_404_page(client):
    response = client.get("/no-such/%3Cscript%3Ealert(1)%3C/script%3E")
    assert_own_page(response, 404)
    assert b"<script>" not in response.content


def test_a_wrong_method_is_the_own_405_page(client):
    assert_own_page(client.post("/best/"), 405)


@pytest.mark.urls("tests.security.broken_urls")
def test_a_crash_is_the_own_500_page_without_the_exception():
    response = Client(raise_request_exception=False).get("/boom/")
    assert_own_page(response, 500)
    assert b"password=hunter2" not in response.content


def test_maintenance_mode_answers_503_with_retry_after(client, club_data):
    from web.middleware import maintenance_set

    assert client.get("/best/").status_code == 200
    maintenance_set(True)
    try:
        for path in ("/", "/best/hawks/5/", "/admin/login/", "/readyz"):
            response = client.get(path)
            assert_own_page(response, 503)
            assert int(response["Retry-After"]) > 0
            assert b"being updated" in response.content
        assert client.get("/healthz").status_code == 200  # the process is alive
    finally:
        maintenance_set(False)
    assert client.get("/best/").status_code == 200


def test_maintenance_mode_is_kept_in_the_database_for_every_app_server(client, club_data):
    """Another app server's switch is seen here within a second (no file in var/)."""
    from django.core.cache import caches

    from web import middleware

    caches["shared"].set(middleware.MAINTENANCE_KEY, "2026-01-01T00:00:00+00:00", None)
    middleware._maintenance_memo = (0.0, False)
    assert client.get("/best/").status_code == 503
    caches["shared"].delete(middleware.MAINTENANCE_KEY)
    middleware._maintenance_memo = (0.0, False)
    assert client.get("/best/").status_code == 200


def test_maintenance_mode_from_the_environment(client, settings):
    settings.TEAMCOACH_MAINTENANCE = True
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"]
