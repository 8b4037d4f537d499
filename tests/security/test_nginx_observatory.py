"""The production set-up for real: nginx (deploy/nginx/teamcoach.conf) with TLS in front of
two granian app servers in the production profile, on 127.0.0.1 — and Mozilla's
HTTP Observatory scoring it. Skips locally (fails in CI) without nginx, openssl or node.
"""

from __future__ import annotations

import http.client
import importlib.util
import ssl
import time
from pathlib import Path

import pytest

from conftest import require
from devtools.live import free_port, stop_process

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


def test_plain_http_hides_the_version_and_never_echoes_a_foreign_host(endpoint):
    connection = http.client.HTTPConnection("127.0.0.1", observatory.HTTP_PORT, timeout=10)
    try:
        connection.request("GET", "/best/", headers={"Host": "evil.example"})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 301
    assert response.getheader("Server") == "nginx"
    assert response.getheader("Location") == f"https://localhost:{observatory.HTTPS_PORT}/best/"


def test_static_files_say_max_age_once_and_their_304_varies_too(endpoint):
    _, body = get(endpoint, "/")
    css = body.decode().split('href="/static/css/', 1)[1].split('"', 1)[0]
    response, _ = get(endpoint, f"/static/css/{css}")
    assert len(response.msg.get_all("Cache-Control")) == 1
    assert response.getheader("Cache-Control").count("max-age") == 1
    assert response.msg.get_all("Vary") == ["Accept-Encoding"]
    etag = response.getheader("ETag")
    context = ssl.create_default_context(cafile=str(endpoint))
    connection = http.client.HTTPSConnection(
        "localhost", observatory.HTTPS_PORT, timeout=10, context=context
    )
    try:
        connection.request("GET", f"/static/css/{css}", headers={"If-None-Match": etag})
        again = connection.getresponse()
        again.read()
    finally:
        connection.close()
    assert again.status == 304
    assert again.msg.get_all("Vary") == ["Accept-Encoding"]


def test_secret_tokens_never_reach_the_nginx_access_log(endpoint):
    from tests.security.urls import secret_urls

    statuses = [get(endpoint, path)[0].status for path, _secret in secret_urls()]
    answered = len([s for s in statuses if s != 429])  # a 429 may be left out of the log
    # nginx writes a request's line after sending the answer: wait for the last one.
    log_file = Path(endpoint).parent / "teamcoach.access.log"
    for _ in range(50):
        log = log_file.read_text()
        if log.count("[redacted]") >= answered:
            break
        time.sleep(0.1)
    for path, secret in secret_urls():
        assert secret not in log, path
    # Each answered request was logged, redacted.
    assert log.count("[redacted]") >= answered > 0


def test_with_every_app_server_down_nginx_answers_its_own_502_page():
    """No live upstream: nginx's page, with the security headers and Retry-After."""
    import contextlib
    import shutil
    import tempfile

    require(not observatory.missing_tools(), "needs nginx and openssl")
    with tempfile.TemporaryDirectory(prefix="teamcoach-502-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)
        shutil.copytree(observatory.ROOT / "static" / "errors", tmp / "static" / "errors")
        cert, key = observatory.certificate(tmp)
        http_port, https_port, *dead = (free_port() for _ in range(4))
        conf = observatory.render_nginx(
            tmp, tmp / "static", cert, key,
            http_port=http_port, https_port=https_port, app_ports=dead,
        )  # fmt: skip
        nginx = observatory.start_nginx(tmp, conf)
        try:
            context = ssl.create_default_context(cafile=str(cert))
            observatory._wait(https_port, nginx, context)
            with contextlib.closing(
                http.client.HTTPSConnection("localhost", https_port, timeout=10, context=context)
            ) as connection:
                connection.request("GET", "/best/")
                response = connection.getresponse()
                body = response.read()
        finally:
            stop_process(nginx)
    assert response.status == 502
    assert response.getheader("Retry-After") == "5"
    assert response.getheader("Cache-Control") == "no-store"
    assert b"back in a moment" in body
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    assert "max-age=63072000" in response.getheader("Strict-Transport-Security")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Server") == "nginx"


def test_nginxs_own_429_is_the_sites_page_with_retry_after_and_a_quiet_log(endpoint):
    """Run last in this module: the flood uses up this address's burst for a second or two."""
    log = Path(endpoint).parent / "teamcoach.access.log"
    lines_before = len(log.read_text().splitlines())
    context = ssl.create_default_context(cafile=str(endpoint))
    connection = http.client.HTTPSConnection(
        "localhost", observatory.HTTPS_PORT, timeout=10, context=context
    )
    refused = []
    try:
        for _ in range(300):
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            body = response.read()
            if response.status == 429:
                refused.append((response, body))
    finally:
        connection.close()
    assert len(refused) >= 100
    response, body = refused[-1]
    assert response.getheader("Retry-After") == "1"
    assert b"Slow down a little" in body
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    assert "max-age=63072000" in response.getheader("Strict-Transport-Security")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    lines = log.read_text().splitlines()[lines_before:]
    logged_429 = [line for line in lines if '" 429 ' in line]
    assert len(logged_429) < len(refused) / 4  # about 1 in 100 is kept
    errors = (Path(endpoint).parent / "teamcoach.error.log").read_text()
    assert "limiting requests" not in errors
    import time

    time.sleep(2.5)  # the burst refills (20 a second) for whatever runs next
