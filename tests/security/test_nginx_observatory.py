"""The production set-up for real: nginx (deploy/nginx/teamcoach.conf) with TLS in front of
two granian app servers in the production profile, on 127.0.0.1 — and Mozilla's
HTTP Observatory scoring it. Skips locally (fails in CI) without nginx, openssl or node.
"""

from __future__ import annotations

import http.client
import importlib.util
import ssl
from pathlib import Path

import pytest

from conftest import require
from devtools.live import free_port

pytestmark = pytest.mark.server

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "observatory.py"
_spec = importlib.util.spec_from_file_location("observatory", SCRIPT)
observatory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(observatory)


@pytest.fixture(scope="module")
def endpoint():
    missing = observatory.missing_tools()
    require(not missing, f"needs {', '.join(missing)} (apt-get install nginx openssl nodejs npm)")
    # Free ports, not the script's fixed 8642/8643: other checkouts run this test too.
    ports = [free_port() for _ in range(4)]
    observatory.HTTP_PORT, observatory.HTTPS_PORT = ports[0], ports[1]
    observatory.APP_PORTS = ports[2:]
    with observatory.tls_endpoint() as cert:
        yield cert


def get(cert, path: str, method: str = "GET", body: bytes | None = None, https: bool = True):
    if https:
        context = ssl.create_default_context(cafile=str(cert))
        connection = http.client.HTTPSConnection(
            "localhost", observatory.HTTPS_PORT, timeout=10, context=context
        )
    else:
        connection = http.client.HTTPConnection("localhost", observatory.HTTP_PORT, timeout=10)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_the_observatory_grades_the_site_a_plus(endpoint):
    report = observatory.scan(endpoint)
    failed = [name for name, test in report["tests"].items() if not test["pass"]]
    assert failed == []
    assert report["scan"]["grade"] == "A+", report["scan"]
    assert report["scan"]["score"] >= 100


def test_plain_http_redirects_to_https(endpoint):
    response, _ = get(endpoint, "/best/?team=x", https=False)
    assert response.status == 301
    assert response.getheader("Location") == (
        f"https://localhost:{observatory.HTTPS_PORT}/best/?team=x"
    )


def test_app_pages_over_tls_carry_hsts_and_the_security_headers(endpoint):
    response, body = get(endpoint, "/best/")
    assert response.status == 200 and b"riverside" in body.lower()
    assert "max-age=63072000" in response.getheader("Strict-Transport-Security")
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Server") in (None, "nginx")  # no version number


def test_static_files_from_nginx_carry_the_security_headers(endpoint):
    _, body = get(endpoint, "/")
    css = body.decode().split('href="/static/css/', 1)[1].split('"', 1)[0]
    response, content = get(endpoint, f"/static/css/{css}")
    assert response.status == 200 and b".pitch" in content
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    assert "max-age=63072000" in response.getheader("Strict-Transport-Security")
    assert "max-age=31536000" in response.getheader("Cache-Control")


@pytest.mark.parametrize(
    "path",
    [
        "/static/../var/secret_key",
        "/static/%2e%2e/var/secret_key",
        "/static/..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e%252fetc%252fpasswd",
        "/static//etc/passwd",
        "/static/css/../../var/db.sqlite3",
    ],
)
def test_nginx_reads_nothing_outside_the_static_folder(endpoint, path):
    response, body = get(endpoint, path)
    assert response.status in (400, 403, 404), (path, response.status)
    assert b"root:x:" not in body and b"SQLite format" not in body


def test_nginx_refuses_bodies_over_two_megabytes(endpoint):
    response, _ = get(endpoint, "/admin/login/", method="POST", body=b"x" * (3 * 1024 * 1024))
    assert response.status == 413


def test_trace_never_reaches_a_page(endpoint):
    response, _ = get(endpoint, "/", method="TRACE")
    assert response.status == 405
