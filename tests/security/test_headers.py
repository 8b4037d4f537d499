"""Clickjacking, sniffing, referrer leaks, cross-origin reads: the headers on every response.

URLs come from the URL resolver (tests/security/urls.py), so a page added later is
checked without touching this file.
"""

from __future__ import annotations

import re

import pytest

from tests.security.urls import admin_urls, site_urls

pytestmark = pytest.mark.django_db

REQUIRED_CSP = [
    "default-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


def assert_security_headers(response, path: str) -> None:
    headers = response.headers
    assert headers.get("X-Frame-Options") == "DENY", path
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy") == "same-origin", path
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", path
    assert headers.get("Cross-Origin-Resource-Policy") == "same-origin", path
    policy = headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in policy, (path, feature)
    csp = headers.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, (path, directive)
    script_src = re.search(r"script-src ([^;]*)", csp)
    assert script_src, (path, csp)
    assert "'unsafe-inline'" not in script_src.group(1)
    assert "'unsafe-eval'" not in script_src.group(1)
    # Django adds the nonce only when the page used it; each inline script must carry it.
    html = response.content.decode(errors="replace")
    for nonce in re.findall(r'<script[^>]*\snonce="([^"]+)"', html):
        assert f"'nonce-{nonce}'" in script_src.group(1), path


def test_every_page_sends_every_security_header(client, samples):
    urls = site_urls(samples)
    assert len(urls) >= 6, urls
    for path in urls:
        assert_security_headers(client.get(path), path)


def test_every_admin_page_sends_every_security_header(client, superuser, club_data):
    client.force_login(superuser)
    for path in admin_urls():
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response, path)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/no-such-page", 404),
        ("post", "/best/", 405),
        ("trace", "/", 405),
        ("get", "/best/hawks/999/", 400),
    ],
)
def test_error_responses_send_the_headers_too(client, club_data, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert_security_headers(response, path)


@pytest.mark.urls("tests.security.nonce_urls")
def test_a_page_with_an_inline_script_gets_a_fresh_nonce_each_time(client):
    nonces = set()
    for _ in range(3):
        response = client.get("/inline/")
        csp = response.headers["Content-Security-Policy"]
        nonce = re.search(r'<script nonce="([^"]+)"', response.content.decode())[1]
        assert f"'nonce-{nonce}'" in csp
        nonces.add(nonce)
    assert len(nonces) == 3


def test_no_page_carries_an_inline_script_without_the_nonce(client, samples):
    for path in site_urls(samples):
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "nonce=" in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {path}"
