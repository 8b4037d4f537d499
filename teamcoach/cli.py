"""The `teamcoach` command: serve the site, load the demo, or run any Django command.

teamcoach setup             migrate, collect static files, load the demo if empty
teamcoach serve [--port N]  start the web server (granian) on 127.0.0.1 and the task worker
teamcoach demo              load the demo club
teamcoach <django command>  e.g. teamcoach createsuperuser, teamcoach migrate
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from django.conf import settings


def granian_args(*, host: str, port: int, workers: int) -> list[str]:
    """The web server's command line (step 2 of the request anatomy).

    granian serves /static/ itself, straight from the collected, hashed files, with
    a year-long cache lifetime; everything else goes to Django over WSGI. One
    blocking thread per worker measured fastest for this app on two cores.
    """
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "1",
        "--static-path-route",
        settings.STATIC_URL.rstrip("/"),
        "--static-path-mount",
        str(settings.STATIC_ROOT),
        "--static-path-expires",
        "365d",
        "--respawn-failed-workers",
        "--no-ws",
        "teamcoach.wsgi:application",
    ]


def serve(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(prog="teamcoach serve")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    options = parser.parse_args(argv)
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        sys.exit("Static files are not collected yet: run `teamcoach setup` first.")
    print(f"teamcoach: serving on http://{options.host}:{options.port}/", flush=True)
    args = granian_args(host=options.host, port=options.port, workers=options.workers)
    sys.exit(supervise([worker_args(), args]))


def worker_args() -> list[str]:
    """The background-task worker (mail and other tasks) that runs beside the web server."""
    return [sys.executable, "-m", "teamcoach.cli", "db_worker", "--queue-name", "*"]


def supervise(commands: Sequence[Sequence[str]]) -> int:
    """Run the commands side by side; when one ends or we are told to stop, stop them all.

    A fixed list of command lines, no shell, no user input.
    """
    children = [subprocess.Popen(list(command)) for command in commands]  # noqa: S603

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    code = 0
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        code = next(child.returncode for child in children if child.returncode is not None)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamcoach.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    django.setup()
    if argv[:1] == ["serve"]:
        serve(argv[1:])
    elif argv[:1] == ["setup"]:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, static, mail
        call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("demo", if_empty=True)
    else:
        execute_from_command_line(["teamcoach", *argv])


if __name__ == "__main__":
    main()
