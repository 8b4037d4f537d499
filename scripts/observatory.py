# ruff: noqa: S603, S607 — fixed command lines of local tools, no shell, no outside input
"""Mozilla HTTP Observatory against teamcoach behind nginx, on 127.0.0.1 (docs/security.md).

Starts two granian app servers in the production profile, nginx with
deploy/nginx/teamcoach.conf and a self-signed certificate for ``localhost`` on
127.0.0.1:8643 (HTTP on 8642, redirecting), then runs the ``@mdn/mdn-http-observatory``
scanner from npm and prints its JSON. Usage::

    .venv/bin/python scripts/observatory.py        # prints grade, score, failed tests

Needs Debian's nginx, openssl, node and npm. The scanner is installed once into
var/observatory/ (its CA-bundle download step is skipped: the scan trusts our own
certificate through NODE_EXTRA_CA_CERTS).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.live import stop_process  # noqa: E402 — after the path is set

SCANNER = "@mdn/mdn-http-observatory@1.4.8"
HTTP_PORT = int(os.environ.get("OBSERVATORY_HTTP_PORT", "8642"))
HTTPS_PORT = int(os.environ.get("OBSERVATORY_HTTPS_PORT", "8643"))
APP_PORTS = [int(p) for p in os.environ.get("OBSERVATORY_APP_PORTS", "8611,8612").split(",")]


def missing_tools() -> list[str]:
    return [tool for tool in ("nginx", "openssl", "node", "npm") if not shutil.which(tool)]


def scanner_dir() -> Path:
    """The scanner package, installed with npm on first use (var/ is outside git)."""
    prefix = ROOT / "var" / "observatory"
    package = prefix / "node_modules" / "@mdn" / "mdn-http-observatory"
    if not (package / "package.json").exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
             "--ignore-scripts", "--loglevel=error", SCANNER],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    preload = package / "conf" / "hsts-preload.json"
    if not preload.exists():
        # The install step we skip downloads Chromium's HSTS preload list; try it, and
        # without network use an empty list: "localhost" is never preloaded anyway.
        subprocess.run(["npm", "run", "--silent", "updateHsts"], cwd=package, capture_output=True)
        if not preload.exists():
            preload.write_text("{}")
    return package


def render_nginx(
    tmp: Path,
    static_root: Path,
    cert: Path,
    key: Path,
    *,
    http_port: int | None = None,
    https_port: int | None = None,
    app_ports: list[int] | None = None,
) -> Path:
    """deploy/nginx/teamcoach.conf for 127.0.0.1, inside a minimal nginx.conf of our own.

    The upstream lines are the ones docs/deploy.md gives (passive health checks).
    """
    site = (ROOT / "deploy" / "nginx" / "teamcoach.conf").read_text()
    http_port, https_port = http_port or HTTP_PORT, https_port or HTTPS_PORT
    values = {
        "SERVER_NAME": "localhost",
        "HTTP_PORT": f"127.0.0.1:{http_port}",
        "HTTPS_PORT": f"127.0.0.1:{https_port}",
        "HTTPS_PORT_SUFFIX": f":{https_port}",
        "CERT": str(cert),
        "KEY": str(key),
        "STATIC_ROOT": str(static_root),
        "UPSTREAMS": " ".join(
            f"server 127.0.0.1:{p} max_fails=2 fail_timeout=5s;" for p in app_ports or APP_PORTS
        ),
        "LOG_DIR": str(tmp),
    }
    for name, value in values.items():
        site = site.replace(f"@@{name}@@", value)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (tmp / "teamcoach.conf").write_text(site)
    main = f"""
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/teamcoach.conf;
}}
"""
    conf = tmp / "nginx.conf"
    conf.write_text(main)
    return conf


def certificate(tmp: Path) -> tuple[Path, Path]:
    """A self-signed certificate (and its key) for ``localhost`` and 127.0.0.1, in ``tmp``."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def start_nginx(tmp: Path, conf: Path) -> subprocess.Popen:
    """nginx in the foreground with ``conf``, its files in ``tmp`` (stop it with stop_process)."""
    return subprocess.Popen(
        ["nginx", "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=(tmp / "nginx-stderr.log").open("w"),
    )  # fmt: skip


def _wait(port: int, process: subprocess.Popen, context: ssl.SSLContext | None = None) -> None:
    """Until anything answers HTTP on ``port`` (a redirect or 400 is fine: it is up)."""
    deadline = time.monotonic() + 30
    while True:
        kind = http.client.HTTPSConnection if context else http.client.HTTPConnection
        connection = kind("localhost", port, timeout=2, **({"context": context} if context else {}))
        try:
            connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            connection.getresponse().read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nothing answers on port {port}") from None
            time.sleep(0.2)
        finally:
            connection.close()


@contextlib.contextmanager
def tls_endpoint() -> Iterator[Path]:
    """nginx on https://localhost:8643 in front of two production-profile app servers."""
    with (
        tempfile.TemporaryDirectory(prefix="teamcoach-obs-") as name,
        contextlib.ExitStack() as stack,
    ):
        tmp = Path(name)
        tmp.chmod(0o755)  # nginx's workers read the static files as an unprivileged user
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TEAMCOACH_")},
            "TEAMCOACH_ENV": "production",
            "TEAMCOACH_SECRET_KEY": secrets.token_urlsafe(50),
            "TEAMCOACH_ALLOWED_HOSTS": "localhost",
            "TEAMCOACH_TRUSTED_PROXIES": "127.0.0.1",
            "TEAMCOACH_VAR_DIR": str(tmp / "var"),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("DATABASE_URL", None)
        cli = [sys.executable, "-m", "teamcoach.cli"]
        subprocess.run([*cli, "setup"], env=env, cwd=ROOT, check=True, capture_output=True)
        for port in APP_PORTS:
            log = stack.enter_context((tmp / f"app-{port}.log").open("w"))
            app = subprocess.Popen(
                [*cli, "serve", "--port", str(port), "--workers", "1"],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            stack.callback(stop_process, app)
            _wait(port, app)
        cert, key = certificate(tmp)
        nginx = start_nginx(tmp, render_nginx(tmp, tmp / "var" / "static", cert, key))
        stack.callback(stop_process, nginx)
        context = ssl.create_default_context(cafile=str(cert))
        try:
            _wait(HTTPS_PORT, nginx, context)
        except RuntimeError:
            raise RuntimeError((tmp / "nginx-stderr.log").read_text()) from None
        yield cert


def scan(cert: Path) -> dict:
    """Run the Observatory scan against https://localhost:8643/ and return its JSON."""
    package = scanner_dir()
    result = subprocess.run(
        ["node", str(ROOT / "scripts" / "observatory-scan.mjs"), str(package), "localhost",
         str(HTTP_PORT), str(HTTPS_PORT)],
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(cert)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    return json.loads(result.stdout)


def main() -> int:
    if missing := missing_tools():
        print(f"observatory: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    with tls_endpoint() as cert:
        report = scan(cert)
    (ROOT / "var" / "observatory.json").write_text(json.dumps(report, indent=2))
    result = report["scan"]
    print(f"Observatory grade {result['grade']}, score {result['score']}, "
          f"{result['testsPassed']}/{result['testsQuantity']} tests passed")  # fmt: skip
    for name, test in report["tests"].items():
        print(f"  {'pass' if test['pass'] else 'FAIL'} {name}: {test['result']} "
              f"({test['scoreModifier']:+d})")  # fmt: skip
    return 0 if result["grade"] == "A+" else 1


if __name__ == "__main__":
    sys.exit(main())
