"""`teamcoach serve` runs the mail worker beside granian and stops both together."""

from __future__ import annotations

import signal
import sys
import time

from teamcoach.cli import supervise, worker_args


def test_serve_starts_the_task_worker_for_every_queue():
    assert worker_args()[-3:] == ["db_worker", "--queue-name", "*"]


def test_when_one_process_ends_the_other_is_stopped_and_its_exit_code_returned(tmp_path):
    marker = tmp_path / "still-running"
    sleeper = [
        sys.executable,
        "-c",
        f"import time, pathlib; time.sleep(60); pathlib.Path({str(marker)!r}).touch()",
    ]
    failing = [sys.executable, "-c", "import time; time.sleep(0.5); raise SystemExit(3)"]
    handler_before = signal.getsignal(signal.SIGINT)
    started = time.monotonic()
    assert supervise([sleeper, failing]) == 3
    assert time.monotonic() - started < 30
    assert not marker.exists()
    # supervise() puts the previous signal handlers back when it returns.
    assert signal.getsignal(signal.SIGINT) is handler_before
