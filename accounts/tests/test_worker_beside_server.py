"""`teamcoach serve` runs the task worker beside granian; the web server never depends on it."""

from __future__ import annotations

import signal
import sys
import time
from unittest import mock

from django.db import OperationalError

from teamcoach import cli
from teamcoach.cli import supervise, worker_args


def test_serve_starts_the_task_worker_for_every_queue():
    assert worker_args()[-2:] == ["teamcoach.cli", "worker"]


def test_a_worker_that_ends_is_started_again_and_the_server_goes_on(tmp_path):
    runs = tmp_path / "runs"
    helper = [sys.executable, "-c", f"open({str(runs)!r}, 'a').write('x'); raise SystemExit(3)"]
    server = [sys.executable, "-c", "import time; time.sleep(4)"]
    started = time.monotonic()
    assert supervise(server, helper, max_delay=1) == 0  # the server's own exit code
    assert 3.5 < time.monotonic() - started < 30
    assert len(runs.read_text()) >= 3  # started, ended, started again …


def test_when_the_server_ends_the_worker_is_stopped_and_its_exit_code_returned(tmp_path):
    marker = tmp_path / "still-running"
    helper = [
        sys.executable,
        "-c",
        f"import time, pathlib; time.sleep(60); pathlib.Path({str(marker)!r}).touch()",
    ]
    server = [sys.executable, "-c", "import time; time.sleep(0.5); raise SystemExit(3)"]
    handler_before = signal.getsignal(signal.SIGINT)
    started = time.monotonic()
    assert supervise(server, helper) == 3
    assert time.monotonic() - started < 30
    assert not marker.exists()
    # supervise() puts the previous signal handlers back when it returns.
    assert signal.getsignal(signal.SIGINT) is handler_before


def test_the_worker_reconnects_with_growing_pauses_when_the_database_is_down():
    """django-tasks-db's worker exits on OperationalError; `teamcoach worker` starts it
    again after 1, 2, 4 … seconds (issue 18: it used to take the web server down with it)."""
    outage = OperationalError("server closed the connection unexpectedly")
    runs = mock.Mock(side_effect=[outage, outage, outage, None])
    with (
        mock.patch("django.core.management.call_command", runs),
        mock.patch.object(cli, "check_configuration"),
        mock.patch.object(cli.threading, "Thread"),
        mock.patch.object(cli.time, "sleep") as sleep,
    ):
        cli.work([])
    assert runs.call_count == 4
    assert [c.args[0] for c in sleep.call_args_list] == [1.0, 2.0, 4.0]
