"""The multi-node tier (issue 18): the production set-up on 127.0.0.1, and its faults.

nginx with TLS (the repo's config rendered for loopback) in front of two app servers
and their task workers on PostgreSQL and Redis — tests/multinode/cluster.py builds it
as docs/deploy.md describes — then tests/multinode/ runs each scenario of the issue as
a test that prints its figures (lines starting "[multinode]")::

    .venv/bin/python scripts/multinode.py        # about 2 minutes; .ci/run runs it

It stops the machine's PostgreSQL for three seconds (and starts it again whatever
happens). Needs nginx, openssl, redis-server, PostgreSQL on 127.0.0.1:5432 (``PG_URL``
to change) and pg_ctlcluster.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    command = [sys.executable, "-m", "pytest", "tests/multinode", "-m", "multinode",
               "-p", "no:randomly", "-s", "-q", *sys.argv[1:]]  # fmt: skip
    env = {**os.environ, "TEAMCOACH_MULTINODE": "1"}
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
