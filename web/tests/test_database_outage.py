"""A database outage is 503 with Retry-After and the site's own page, never a 500; /readyz
says so; /healthz (alive) does not ask the database. The real thing — PostgreSQL stopped
and started under load, both nodes back by themselves — is in tests/multinode/."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def database_down():
    """Every query fails as when PostgreSQL is stopped: the connection is refused."""
    error = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
    return mock.patch.object(connection, "cursor", side_effect=error)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/best/", "/", "/teams/hawks/"])
def test_a_page_is_503_with_retry_after_while_the_database_is_down(client, path):
    with database_down():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert b"back in a moment" in response.content and b"Traceback" not in response.content
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["X-Frame-Options"] == "DENY"  # the security headers too


def test_a_signed_in_visitor_gets_it_too_though_the_session_cannot_be_read(client):
    client.force_login(make_user("coach"))
    with database_down():
        response = client.get("/manage/")
    assert response.status_code == 503 and response["Retry-After"] == "5"


def test_the_api_answers_problem_json(client):
    with database_down():
        response = client.get("/api/v1/teams/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Service unavailable"


def test_a_json_client_of_a_page_gets_problem_json(client):
    with database_down():
        response = client.get("/best/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"


def test_each_refused_request_is_one_log_line_not_a_traceback(client, caplog):
    with caplog.at_level(logging.INFO), database_down():
        client.get("/best/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = logging.Formatter("%(levelname)s %(message)s").format(record)
    assert line.startswith("WARNING Service Unavailable: /best/ (database unavailable:")
    assert "\n" not in line


def test_other_crashes_are_still_500(client):
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("bug")):
        assert client.get("/best/").status_code == 500


def test_readyz_checks_database_cache_and_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_503_naming_what_is_down(client):
    with database_down():
        response = client.get("/readyz")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    checks = response.json()["checks"]
    assert checks["database"].startswith("unavailable") and checks["cache"] == "ok"


def test_readyz_is_503_when_redis_is_down(client, settings):
    from devtools.live import free_port

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "web.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("unavailable")


def test_healthz_answers_without_the_database(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
