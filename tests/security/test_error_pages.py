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


def test_maintenance_mode_answers_503_with_retry_after(client, settings, tmp_path, club_data):
    settings.TEAMCOACH_MAINTENANCE_FILE = tmp_path / "maintenance"
    assert client.get("/best/").status_code == 200
    settings.TEAMCOACH_MAINTENANCE_FILE.touch()
    for path in ("/", "/best/hawks/5/", "/admin/login/", "/healthz"):
        response = client.get(path)
        assert_own_page(response, 503)
        assert int(response["Retry-After"]) > 0
        assert b"being updated" in response.content
    settings.TEAMCOACH_MAINTENANCE_FILE.unlink()
    assert client.get("/best/").status_code == 200


def test_maintenance_mode_from_the_environment(client, settings):
    settings.TEAMCOACH_MAINTENANCE = True
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"]
