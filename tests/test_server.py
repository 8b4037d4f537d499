"""End to end over real HTTP: the web server (granian), the Django app, the demo data.

These requests go through a socket to the same command `make run` starts, so they
see what a browser, curl or a scanner sees.
"""

from __future__ import annotations

import http.client
import re

import pytest

from devtools.live import Server

pytestmark = pytest.mark.server

TEAM = "riverside-first-xi"


def fetch(
    server: Server, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        # The path is sent exactly as given (no normalisation), as an attacker would.
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_the_form_lists_the_demo_teams(server):
    response, body = fetch(server, "/best/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert f'<option value="{TEAM}"'.encode() in body


def test_the_query_form_leads_to_the_lineup(server):
    response, _ = fetch(server, f"/best?team={TEAM}&show=11")
    assert response.status == 302
    assert response.getheader("Location") == f"/best/{TEAM}/11/"
    response, body = fetch(server, f"/best/{TEAM}/11/")
    assert response.status == 200
    html = body.decode()
    assert "Best 11 for Riverside First XI" in html
    assert html.count('class="marker') == 11
    assert "Next game: v" in html


def test_every_demo_team_has_a_lineup_page(server):
    for path in ("/best/junior/", "/best/senior/", "/best/veterans/"):
        _, body = fetch(server, path)
        for href in re.findall(r'href="(/best/[a-z0-9-]+/\d+/)"', body.decode()):
            response, _ = fetch(server, href)
            assert response.status == 200, href


def test_an_unknown_team_is_a_404_page(server):
    response, body = fetch(server, "/best/no-such-team/11/")
    assert response.status == 404
    assert b"There is no team called" in body


def test_head_gives_the_headers_without_a_body(server):
    get, get_body = fetch(server, f"/best/{TEAM}/11/")
    head, head_body = fetch(server, f"/best/{TEAM}/11/", method="HEAD")
    assert head.status == 200 and head_body == b"" and get_body
    for header in (
        "Content-Type",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Content-Security-Policy",
    ):
        assert head.getheader(header) is not None
        if header != "Content-Security-Policy":  # the nonce differs per response
            assert head.getheader(header) == get.getheader(header)


def test_the_web_server_sends_hashed_static_files_with_a_long_cache_life(server):
    _, body = fetch(server, "/")
    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert css, "the page links the hashed stylesheet"
    response, content = fetch(server, css.group(1).decode())
    assert response.status == 200
    assert b".pitch" in content
    assert "text/css" in response.getheader("Content-Type")
    assert "max-age=31536000" in response.getheader("Cache-Control")


def test_a_missing_static_file_is_a_404(server):
    response, _ = fetch(server, "/static/css/not-there.css")
    assert response.status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/static/../teamcoach/settings.py",
        "/static/../../var/secret_key",
        "/static/%2e%2e/teamcoach/settings.py",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/%252e%252e%252fetc%252fpasswd",
        "/static/..%5c..%5cetc%5cpasswd",
        "/static/....//....//etc/passwd",
    ],
)
def test_nothing_outside_the_static_folder_can_be_read(server, path):
    response, body = fetch(server, path)
    assert response.status in (400, 404)
    assert b"SECRET" not in body and b"root:" not in body and b"import" not in body


def test_the_favicon_is_found_where_browsers_look(server):
    response, _ = fetch(server, "/favicon.ico")
    assert response.status == 301
    location = response.getheader("Location")
    assert re.fullmatch(r"/static/img/favicon\.[0-9a-f]{12}\.svg", location)
    response, body = fetch(server, location)
    assert response.status == 200 and body.startswith(b"<svg")
