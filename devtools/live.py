"""Start a real teamcoach server (granian) the way `make run` does.

Used by the server and browser tests, `bench/bench_http.py` and `scripts/attack/live.py`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Server:
    url: str
    host: str
    port: int
    var: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def own_postgres_database(url: str) -> Iterator[str]:
    """A throw-away database beside the one ``url`` names, dropped afterwards."""
    import psycopg

    name = f"teamcoach_live_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        # A new connection: a test may have restarted PostgreSQL in between.
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def live_server(var: Path, *, workers: int = 1, database_url: str = "") -> Iterator[Server]:
    """`teamcoach setup` then `teamcoach serve` on a free port, with data in ``var``.

    With a PostgreSQL ``database_url`` the server gets a fresh database of its own.
    """
    with contextlib.ExitStack() as stack:
        env = {**os.environ, "TEAMCOACH_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("DATABASE_URL", None)
        if database_url.startswith("postgres"):
            env["DATABASE_URL"] = stack.enter_context(own_postgres_database(database_url))
            # A shared database needs a shared key (web/checks.py refuses to start without).
            key = env.setdefault("TEAMCOACH_SECRET_KEY", secrets.token_urlsafe(50))
            # Kept on disk as well, as an operator's key file would be, so the
            # traversal attacks have a real secret beside the static folder to miss.
            var.mkdir(parents=True, exist_ok=True)
            (var / "secret_key").write_text(key)
            (var / "secret_key").chmod(0o600)
        cli = [sys.executable, "-m", "teamcoach.cli"]
        setup = subprocess.run([*cli, "setup"], env=env, cwd=ROOT, capture_output=True, text=True)
        if setup.returncode:
            raise RuntimeError(f"teamcoach setup failed:\n{setup.stdout}\n{setup.stderr}")
        port = free_port()
        log_path = var / "server.log"
        log = stack.enter_context(log_path.open("w"))
        process = subprocess.Popen(
            [*cli, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        stack.callback(stop_process, process)
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, process, log_path)
        yield Server(url=url, host="127.0.0.1", port=port, var=var)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"teamcoach did not start:\n{log.read_text()}") from None
            time.sleep(0.2)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Ask a server to stop (SIGTERM); kill it if it has not within 10 seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
