"""Attacks over real HTTP against the server `make run` starts (granian + Django).

Traversal must be tried here: the test client normalises paths, and /static/ is
answered by granian, never by Django.
"""

from __future__ import annotations

import contextlib
import socket
import time

import pytest

from tests.test_server import fetch

pytestmark = pytest.mark.server

TRAVERSALS = [
    "/static/../teamcoach/settings.py",
    "/static/../../var/secret_key",
    "/static/..%2fteamcoach%2fsettings.py",
    "/static/%2e%2e/%2e%2e/var/secret_key",
    "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "/static/..%252f..%252fetc%252fpasswd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/static/..%c0%af..%c0%afetc%c0%afpasswd",
    "/static/..%5c..%5cteamcoach%5csettings.py",
    "/static/..\\..\\teamcoach\\settings.py",
    "/static/....//....//etc/passwd",
    "/static/.../.../etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/css/site.css%00.png",
    "/static/css/../../../../../../etc/passwd",
    "/static/./../db.sqlite3",
    "/static/..;/teamcoach/settings.py",
    "/static/%u002e%u002e/etc/passwd",
    "/..%2f..%2fetc%2fpasswd",
    "/best/..%2f..%2fetc%2fpasswd/11/",
]
SECRETS = [b"root:x:", b"SECRET_KEY", b"import ", b"SQLite format", b"BEGIN PRIVATE"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_reads_nothing_outside_the_static_folder(server, path):
    response, body = fetch(server, path)
    assert response.status in (400, 404), (path, response.status)
    for secret in SECRETS:
        assert secret not in body, (path, secret)


def test_the_secret_key_file_exists_so_the_traversal_test_can_fail(server):
    assert (server.var / "secret_key").exists()
    assert (server.var / "static" / "staticfiles.json").exists()


def test_trace_is_refused_by_the_live_server(server):
    response, body = fetch(server, "/", method="TRACE", headers={"X-Probe": "echo-me"})
    assert response.status == 405
    assert response.getheader("Allow") == "GET, HEAD"
    assert b"echo-me" not in body


def test_the_live_pages_carry_the_security_headers(server):
    response, _ = fetch(server, "/best/")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Permissions-Policy")


def test_an_oversized_form_body_is_refused_and_the_server_lives_on(server):
    body = b"username=" + b"A" * (3 * 1024 * 1024)
    response, _ = fetch_with_body(server, "/accounts/login/", body)
    assert response in (400, 403, 413)
    again, _ = fetch(server, "/healthz")
    assert again.status == 200


def test_too_many_form_fields_are_refused(client, db):
    data = "&".join(f"f{n}=1" for n in range(2000))
    response = client.post(
        "/accounts/login/", data, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_a_form_body_over_the_limit_is_a_400(client, db):
    data = "username=" + "A" * (2 * 1024 * 1024)
    response = client.post(
        "/accounts/login/", data, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_a_client_that_stalls_mid_body_does_not_stop_the_others(server):
    """A slow upload: announce a big body, send a little, wait; others are still served."""
    stalled = socket.create_connection((server.host, server.port), timeout=5)
    try:
        stalled.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 10000000\r\n\r\nusername=a"
        )
        time.sleep(0.5)
        started = time.monotonic()
        response, _ = fetch(server, "/healthz")
        assert response.status == 200
        assert time.monotonic() - started < 2
    finally:
        stalled.close()


def fetch_with_body(server, path: str, body: bytes) -> tuple[int, bytes]:
    """POST ``body``; a server that refuses early may close the socket mid-upload."""
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {server.host}\r\nConnection: close\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head + body)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data
