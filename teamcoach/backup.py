"""`teamcoach backup` and `teamcoach restore`: the whole database, SQLite or PostgreSQL.

SQLite is copied with SQLite's own online-backup API (a consistent copy while the
site runs; restored the same way, page by page, into the live database).
PostgreSQL goes through ``pg_dump --format=custom`` and
``pg_restore --clean --single-transaction`` (all or nothing). A backup belongs to
the code version that made it: restore it into the same version, then migrate
forward if needed. Keep ``TEAMCOACH_SECRET_KEY`` with it (docs/deploy.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import connection, connections


def default_path() -> Path:
    suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return settings.VAR_DIR / "backups" / f"teamcoach-{stamp}.{suffix}"


def _pg_command(tool: str) -> tuple[list[str], dict[str, str]]:
    """``tool`` with the connection options of the default database, and its environment."""
    if not shutil.which(tool):
        sys.exit(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    db = connection.settings_dict
    args = [tool, "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def backup(path: Path) -> Path:
    """Write a copy of the database to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_command("pg_dump")
        name = str(connection.settings_dict["NAME"])
        subprocess.run([*args, "--format=custom", f"--file={path}", name], env=env, check=True)  # noqa: S603
    else:
        sys.exit(f"teamcoach backup knows SQLite and PostgreSQL, not {connection.vendor}.")
    path.chmod(0o600)  # it holds every account's data
    return path


def restore(path: Path) -> None:
    """Replace every table's rows with the backup's (the schema of the same version)."""
    if not path.is_file():
        sys.exit(f"No backup at {path}.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_command("pg_restore")
        name = str(connection.settings_dict["NAME"])
        connections.close_all()  # our own connection must not hold a lock on a table
        subprocess.run(  # noqa: S603
            [*args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", f"--dbname={name}", str(path)],
            env=env, check=True,
        )  # fmt: skip
    else:
        sys.exit(f"teamcoach restore knows SQLite and PostgreSQL, not {connection.vendor}.")
    forget_what_was_kept()


#: How far a restore moves every stamp: more writes than any site makes between a backup
#: and its restore.
STAMP_JUMP = 1_000_000_000


def forget_what_was_kept() -> None:
    """The data went back in time with no write to bump its stamps, so a stamp may again
    show a count a page, team or schedule was kept under before the restore
    (web.validators). Move every stamp far ahead — a team that never had one gets one —
    and empty the shared cache: nothing kept before is served after."""
    from django.core.cache import caches
    from django.db.models import F

    from clubs.models import Team
    from clubs.stamps import team_key
    from web.models import Stamp

    Stamp.objects.update(count=F("count") + STAMP_JUMP)
    teams = Team.all_objects.values_list("pk", flat=True)
    Stamp.objects.bulk_create(
        [Stamp(key=team_key(pk), count=STAMP_JUMP) for pk in teams], ignore_conflicts=True
    )
    caches["default"].clear()
    caches["kept"].clear()


def main(command: str, argv: Sequence[str]) -> None:
    if command == "backup":
        parser = argparse.ArgumentParser(prog="teamcoach backup")
        parser.add_argument("--output", type=Path, help="default: var/backups/teamcoach-<time>.*")
        output = parser.parse_args(argv).output or default_path()
        print(f"Backed up to {backup(output)}")
        return
    parser = argparse.ArgumentParser(prog="teamcoach restore")
    parser.add_argument("file", type=Path)
    parser.add_argument("--yes", action="store_true", help="do not ask before replacing data")
    options = parser.parse_args(argv)
    name = connection.settings_dict["NAME"]
    if not options.yes:
        answer = input(f"Replace everything in {name} with {options.file}? Type yes: ")
        if answer.strip().lower() != "yes":
            sys.exit("Nothing restored.")
    restore(options.file)
    print(f"Restored {options.file} into {name}.")
