"""Cross-site request forgery, session theft and fixation, clickjacking of the login form.

The login is allauth's (``/accounts/login/``): staff sign in there too, /admin/login/ only
sends them to it.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.factories import PASSWORD
from tests.security.crawl import forms_of
from tests.security.urls import site_urls

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"
LOGIN = "/accounts/login/"


def browser() -> Client:
    return Client(enforce_csrf_checks=True, HTTP_HOST=HOST)


def login_form(client: Client) -> dict[str, str]:
    page = client.get(LOGIN)
    # The page's own form, not the language switch every page has in its footer.
    (form,) = [f for f in forms_of(page.content.decode(), LOGIN) if f.action == LOGIN]
    return {**form.filled(""), "login": "root", "password": PASSWORD}


def test_the_real_login_works_with_its_own_token(superuser):
    """The control: the CSRF tests below fail only for the reason they name."""
    client = browser()
    response = client.post(LOGIN, login_form(client), HTTP_ORIGIN=f"http://{HOST}")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_cross_origin_post_without_a_token_is_refused(superuser):
    client = browser()
    client.get(LOGIN)
    data = {"login": "root", "password": PASSWORD}
    response = client.post(LOGIN, data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert client.get("/admin/").status_code == 302


def test_a_token_stolen_from_another_session_is_refused(superuser):
    attacker, victim = browser(), browser()
    stolen = login_form(attacker)
    victim.get(LOGIN)  # the victim has a CSRF cookie of their own
    response = victim.post(LOGIN, stolen)
    assert response.status_code == 403


def test_a_valid_token_from_another_origin_is_refused(superuser):
    client = browser()
    response = client.post(LOGIN, login_form(client), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403


def test_every_post_form_on_the_site_needs_its_token(samples):
    """Forms found on every page (and the login): a post without the token is a 403."""
    client = browser()
    post_forms = []
    for page in [*site_urls(samples), LOGIN]:
        post_forms += [
            f for f in forms_of(client.get(page).content.decode(), page) if f.method == "post"
        ]
    assert post_forms
    for form in post_forms:
        if form.action.endswith("/i18n/setlang/"):
            # The footer's language switch: guarded by fetch metadata instead of a token
            # (tests/test_languages.py), so that pages stay cacheable.
            cross_site = browser().post(
                form.action, form.filled("x"), HTTP_ORIGIN="https://evil.example"
            )
            assert cross_site.status_code == 403
            continue
        assert "csrfmiddlewaretoken" in form.fields, form.action
        data = {k: v for k, v in form.filled("x").items() if k != "csrfmiddlewaretoken"}
        assert browser().post(form.action, data).status_code == 403, form.action


def test_the_csrf_and_session_cookies_are_not_readable_by_scripts(superuser):
    client = browser()
    client.post(LOGIN, login_form(client))
    assert client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    assert client.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"
    assert client.cookies[settings.CSRF_COOKIE_NAME]["httponly"]


def test_sessions_live_on_the_server():
    assert settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }


def test_a_session_cookie_copied_before_logout_is_useless_after_it(superuser):
    victim = browser()
    victim.post(LOGIN, login_form(victim))
    stolen = victim.cookies[settings.SESSION_COOKIE_NAME].value
    thief = Client(HTTP_HOST=HOST)
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert thief.get("/admin/").status_code == 200  # the copy works while the victim is in
    (logout,) = [
        f
        for f in forms_of(victim.get("/admin/").content.decode(), "/admin/")
        if "logout" in f.action
    ]
    assert victim.post(logout.action, logout.filled("")).status_code == 200
    response = thief.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not SessionStore().exists(stolen)


def test_a_planted_session_id_is_replaced_at_login(superuser):
    """Session fixation: an id the attacker chose must not become the signed-in session."""
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    client = browser()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    client.post(LOGIN, login_form(client))
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    attacker = Client(HTTP_HOST=HOST)
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get("/admin/").status_code == 302


def test_the_login_page_cannot_be_framed(client):
    response = client.get(LOGIN)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
