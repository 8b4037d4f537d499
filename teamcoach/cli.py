"""The `teamcoach` command: serve the site, run the worker, switch maintenance, back up.

teamcoach setup               migrate, collect static files, compile the translations,
                              load the demo if empty
teamcoach messages            refresh locale/*/LC_MESSAGES/django.po from the code
teamcoach serve [--port N]    the web server (granian) on 127.0.0.1, with the task worker
                              beside it (restarted if it dies); --no-worker for systemd
teamcoach worker              the task worker alone: mail and other background tasks
teamcoach maintenance on|off  every app server answers 503 (or not) — kept in the database
teamcoach backup [--output F] a copy of the database (SQLite file or pg_dump archive)
teamcoach restore FILE        put a backup back (asks first; --yes to skip the question)
teamcoach mail --last         the newest mail written to var/mail/ (no EMAIL_URL)
teamcoach demo                load the demo club
teamcoach <django command>    e.g. teamcoach createsuperuser, teamcoach migrate
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

from django.conf import settings

logger = logging.getLogger("teamcoach.worker")

#: Waits before restarting the worker or reconnecting it: 1, 2, 4 … at most 30 s.
FIRST_DELAY, MAX_DELAY = 1.0, 30.0


def granian_args(*, host: str, port: int, workers: int) -> list[str]:
    """The web server's command line (step 2 of the request anatomy).

    granian serves /static/ itself, straight from the collected, hashed files, with
    a year-long cache lifetime; everything else goes to Django over WSGI. One
    blocking thread per worker measured fastest for this app on two cores. A worker
    process that dies is replaced (``--respawn-failed-workers``).
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


def check_configuration() -> None:
    """Refuse to start on a configuration error (web/checks.py), with its message."""
    from django.core import checks

    errors = [e for e in checks.run_checks() if e.is_serious()]
    if errors:
        sys.exit("teamcoach cannot start:\n" + "\n".join(f"  {error}" for error in errors))


def serve(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(prog="teamcoach serve")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="the web server only (under systemd, which runs `teamcoach worker` itself)",
    )
    options = parser.parse_args(argv)
    check_configuration()
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        sys.exit("Static files are not collected yet: run `teamcoach setup` first.")
    print(f"teamcoach: serving on http://{options.host}:{options.port}/", flush=True)
    args = granian_args(host=options.host, port=options.port, workers=options.workers)
    if options.no_worker:
        os.execv(args[0], args)  # noqa: S606 — a fixed command line; the supervisor sees granian
    sys.exit(supervise(args, worker_args()))


def worker_args() -> list[str]:
    """The background-task worker (mail and other tasks) that runs beside the web server."""
    return [sys.executable, "-m", "teamcoach.cli", "worker"]


def supervise(server: Sequence[str], helper: Sequence[str], *, max_delay: float = MAX_DELAY) -> int:
    """Run the web server, and keep the helper (the task worker) running beside it.

    The web server never depends on the helper: when the helper ends, for whatever
    reason, it is started again after 1, 2, 4 … (at most ``max_delay``) seconds —
    back to 1 s once it has run for a minute. When the web server ends, or we are
    told to stop, both stop and the web server's exit code is returned.
    Fixed command lines, no shell, no user input.
    """
    web = subprocess.Popen(list(server))  # noqa: S603
    worker = subprocess.Popen(list(helper))  # noqa: S603
    started, delay, restart_at = time.monotonic(), FIRST_DELAY, None

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while web.poll() is None:
            time.sleep(0.2)
            now = time.monotonic()
            if restart_at is None and worker.poll() is not None:
                ran = now - started
                delay = FIRST_DELAY if ran > 60 else delay
                print(
                    f"teamcoach: the task worker ended (exit {worker.returncode}); "
                    f"restarting it in {delay:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
                restart_at, delay = now + delay, min(delay * 2, max_delay)
            elif restart_at is not None and now >= restart_at:
                worker = subprocess.Popen(list(helper))  # noqa: S603
                started, restart_at = now, None
        return web.returncode
    finally:
        for child in (web, worker):
            if child.poll() is None:
                child.terminate()
        for child in (web, worker):
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def work(argv: Sequence[str]) -> None:
    """`teamcoach worker`: django-tasks-db's worker, made to outlive database outages.

    The library's worker exits on the first ``OperationalError``; here it is started
    again after a growing pause (1, 2, 4 … 30 s) with fresh connections, so a database
    restart needs no one to act. A thread beside it delivers outbox mail that is due
    for another attempt (outbox.services.mail_deliver_due).
    """
    from django.core.management import call_command
    from django.db import InterfaceError, OperationalError, connections

    parser = argparse.ArgumentParser(prog="teamcoach worker")
    parser.add_argument("--queue-name", default="*")
    options = parser.parse_args(argv)
    check_configuration()
    threading.Thread(target=_sweep_outbox, name="outbox", daemon=True).start()
    delay = FIRST_DELAY
    while True:
        started = time.monotonic()
        try:
            call_command("db_worker", queue_name=options.queue_name, verbosity=1)
            return  # stopped by a signal, after the task at hand
        except (OperationalError, InterfaceError) as error:
            connections.close_all()
            delay = FIRST_DELAY if time.monotonic() - started > 60 else delay
            logger.warning("Database unavailable (%s); worker reconnects in %.0f s.", error, delay)
            time.sleep(delay)
            delay = min(delay * 2, MAX_DELAY)


def _sweep_outbox() -> None:
    """Every few seconds, deliver the outbox messages that are due (retries, lost tasks)."""
    from django.db import DatabaseError, close_old_connections, connection

    from outbox.services import mail_deliver_due

    failing = False
    while True:
        time.sleep(settings.TEAMCOACH_MAIL_SWEEP_SECONDS)
        try:
            close_old_connections()
            mail_deliver_due()
            failing = False
        except DatabaseError as error:
            if not failing:
                logger.warning("Outbox sweep: database unavailable (%s).", error)
            failing = True
            connection.close()


def maintenance(argv: Sequence[str]) -> None:
    from web.middleware import maintenance_set, maintenance_since

    parser = argparse.ArgumentParser(prog="teamcoach maintenance")
    parser.add_argument("state", choices=["on", "off", "status"])
    state = parser.parse_args(argv).state
    if state != "status":
        maintenance_set(state == "on")
    since = maintenance_since()
    print(f"Maintenance mode is on (since {since})." if since else "Maintenance mode is off.")


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamcoach.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    django.setup()
    from . import catalogues

    command, rest = (argv[0] if argv else ""), argv[1:]
    if command == "serve":
        serve(rest)
    elif command == "worker":
        work(rest)
    elif command == "maintenance":
        maintenance(rest)
    elif command in {"backup", "restore"}:
        from . import backup

        backup.main(command, rest)
    elif command == "messages":
        catalogues.update(verbosity=1)
    elif command == "setup":
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, static, mail
        call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        catalogues.compile_all()  # the .mo files of locale/ (not kept in git)
        call_command("demo", if_empty=True)
    else:
        execute_from_command_line(["teamcoach", *argv])


if __name__ == "__main__":
    main()
