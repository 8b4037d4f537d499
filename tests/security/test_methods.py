"""Every URL answers only the methods it means: TRACE and made-up verbs get 405 with Allow."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from tests.security.urls import admin_urls, site_urls
from web.middleware import _allowed_methods

pytestmark = pytest.mark.django_db

ODD_METHODS = ["TRACE", "TRACK", "CONNECT", "PROPFIND", "DEBUG", "FOO"]


def send(client: Client, method: str, path: str):
    return client.generic(method, path)


def test_trace_and_unknown_methods_get_405_with_allow_on_every_url(client, samples):
    for path in [*site_urls(samples), "/admin/login/", "/no-such-page"]:
        for method in ODD_METHODS:
            response = send(client, method, path)
            assert response.status_code == 405, (method, path)
            allow = response.headers.get("Allow", "")
            assert allow, (method, path)
            assert "TRACE" not in allow and method not in allow, (method, path, allow)
            # Pages explain in HTML; the JSON API in a problem document (RFC 9457).
            explained = (b"does not accept that kind of request", b"This address accepts")
            assert any(text in response.content for text in explained), (method, path)


def test_trace_does_not_echo_the_request(client, club_data):
    response = client.generic("TRACE", "/", HTTP_COOKIE="sessionid=stolen-secret")
    assert b"stolen-secret" not in response.content


def test_allow_names_what_the_view_declares(client, club_data):
    assert client.generic("TRACE", "/best/hawks/5/").headers["Allow"] == "GET, HEAD"
    assert client.generic("TRACE", "/").headers["Allow"] == "GET, HEAD"


def test_admin_pages_refuse_trace_when_signed_in(client, superuser, club_data):
    client.force_login(superuser)
    for path in admin_urls():
        response = client.generic("TRACE", path)
        assert response.status_code == 405, path


def test_pages_refuse_the_writes_they_do_not_declare(client, samples):
    refused = 0
    for path in site_urls(samples):
        allowed = _allowed_methods(path).split(", ")
        for method in ("post", "put", "patch", "delete"):
            if method.upper() in allowed:
                continue
            response = getattr(client, method)(path)
            # POST without a token is a CSRF 403 in a real browser; the test client skips CSRF.
            # Pages behind a login send an anonymous visitor to log in first: nothing changes.
            if response.status_code == 302:
                assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), path
                continue
            assert response.status_code == 405, (method, path)
            refused += 1
    assert refused >= 20  # most of the site is read-only: the loop really ran


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH", "POST"])
def test_a_page_answers_a_method_it_does_not_take_with_405_before_the_csrf_check(method, club_data):
    """docs/http.md's example: a browser-like client (CSRF enforced, no token) gets the
    405 page with Allow, not a CSRF 403 that does not say what the page takes."""
    response = Client(enforce_csrf_checks=True).generic(method, "/best/hawks/5/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "It only answers: GET, HEAD." in response.content.decode()


def test_a_write_page_still_checks_the_csrf_token_of_a_post(club_data, superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    assert client.post("/teams/hawks/edit/", {"name": "Pwned"}).status_code == 403
