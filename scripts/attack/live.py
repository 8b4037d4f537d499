"""Run an attack tool against a fresh live teamcoach server on 127.0.0.1.

    .venv/bin/python scripts/attack/live.py scripts/attack/sqlmap.sh
    .venv/bin/python scripts/attack/live.py scripts/attack/wfuzz.sh

Starts `teamcoach setup` + `teamcoach serve` (granian, demo data, a throw-away
var/ directory) on ATTACK_PORT (default 8620), runs the command with the base URL as
its argument, stops the server, and exits with the command's status. The rate
limits are lifted for the run: the scanners test injection, not floods (floods are
tests/security/test_rate_limits.py's job).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from devtools import live  # noqa: E402 — after the path is set


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.update(
        {f"TEAMCOACH_RATE_{scope}": "1000000/m" for scope in ("LINEUP", "LOGIN", "API")}
    )
    port = int(os.environ.get("ATTACK_PORT", "8620"))
    live.free_port = lambda: port  # the brief's port range, not a random one
    with (
        tempfile.TemporaryDirectory(prefix="teamcoach-attack-") as var,
        live.live_server(Path(var), workers=2) as server,
    ):
        result = subprocess.run([*argv, server.url], check=False)  # noqa: S603
        log = (Path(var) / "server.log").read_text()
    tracebacks = log.count("Traceback")
    if tracebacks:
        print(f"attack: the server logged {tracebacks} traceback(s):\n{log[-4000:]}")
        return 1
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
