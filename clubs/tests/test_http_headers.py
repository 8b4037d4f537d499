"""Every page: UTF-8 HTML, anti-framing and no-sniff headers, HEAD, only the methods meant."""

import pytest

from tests.factories import make_player, make_team

pytestmark = pytest.mark.django_db

PAGES = ["/", "/best/", "/best/junior/", "/best/hawks/2/", "/best/nobody/2/", "/no-such-page"]


@pytest.fixture(autouse=True)
def team():
    team = make_team(slug="hawks", sport="generic", team_size=2)
    for number in (1, 2, 3):
        make_player(team, number, ratings={"ANY": 60})
    return team


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_utf8_html_that_refuses_framing_and_sniffing(client, path):
    response = client.get(path)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("path", PAGES)
def test_head_answers_with_the_same_headers_and_no_body(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    for header in ("Content-Type", "X-Frame-Options", "X-Content-Type-Options"):
        assert head[header] == get[header]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "trace"])
def test_other_methods_get_405_with_allow(client, method):
    response = getattr(client, method)("/best/hawks/2/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_a_post_without_the_csrf_token_is_refused(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "security check for this form failed" in response.content.decode()


def test_forms_that_post_carry_the_csrf_token(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_health_check_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
