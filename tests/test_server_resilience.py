"""`teamcoach serve` as an operator runs it: the web server outlives its task worker,
counts rate limits per site across its workers, and refuses a shared database without
a shared secret key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from devtools.live import ROOT, live_server

pytestmark = pytest.mark.server


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def task_worker(serve_pid: int) -> int | None:
    found = [p for p in children(serve_pid) if "teamcoach.cli worker" in cmdline(p)]
    return found[0] if found else None


def serve_pid(port: int) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and f"serve --port {port}" in cmdline(int(entry.name)):
            return int(entry.name)
    raise AssertionError("no `teamcoach serve` process")


def test_the_site_keeps_serving_when_the_task_worker_dies_and_the_worker_comes_back(tmp_path):
    """Before issue 18 the worker's exit stopped granian too: the port refused from then on."""
    with live_server(tmp_path / "var") as server:
        parent = serve_pid(server.port)
        worker = task_worker(parent)
        assert worker is not None
        os.kill(worker, signal.SIGKILL)
        statuses = []
        deadline = time.monotonic() + 8
        replaced = None
        while time.monotonic() < deadline and replaced is None:
            statuses.append(status(f"{server.url}/best/"))
            candidate = task_worker(parent)
            replaced = candidate if candidate not in (None, worker) else None
            time.sleep(0.3)
        assert set(statuses) == {200}
        assert replaced is not None, "the task worker was not started again"
        log = (server.var / "server.log").read_text()
        assert "the task worker ended" in log and "restarting it" in log


def test_rate_limits_count_per_site_across_the_workers(tmp_path, monkeypatch):
    """Two granian workers, 6 lineups an hour: 6 answers, not 6 per worker.

    The page cache is off: a kept page spends no allowance, and this counts
    the requests that run the solver."""
    monkeypatch.setenv("TEAMCOACH_RATE_LINEUP", "6/h")
    monkeypatch.setenv("TEAMCOACH_PAGE_CACHE_SECONDS", "0")
    with live_server(tmp_path / "var", workers=2) as server:
        statuses = [status(f"{server.url}/best/riverside-first-xi/11/") for _ in range(14)]
    assert statuses.count(200) == 6, statuses
    assert statuses.count(429) == 8


def test_a_shared_database_without_a_shared_secret_key_is_refused_at_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMCOACH_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {
        "DATABASE_URL": "postgres://teamcoach@127.0.0.1:5432/teamcoach",
        "TEAMCOACH_VAR_DIR": str(tmp_path / "var"),
    }
    for command in ("serve", "worker"):
        result = subprocess.run(
            [sys.executable, "-m", "teamcoach.cli", command],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode != 0
        assert "TEAMCOACH_SECRET_KEY is not set" in result.stderr
        assert "teamcoach.E001" in result.stderr
