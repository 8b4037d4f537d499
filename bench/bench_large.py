"""Large data on PostgreSQL: page times beside the demo's, and EXPLAIN of every query.

Not in CI (minutes, and a database of a few GB). Run on a machine with PostgreSQL::

    PG_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_large.py
    # options: --clubs 1000 --teams 10000 --players 200000 --answers 2000000 --keep

It creates its own database (``teamcoach_large``, dropped afterwards unless ``--keep``),
migrates, loads the demo (``teamcoach demo``: the same code as ``make run``), times the
pages on the demo data, then fills 1,000 clubs, 10,000 teams, 200,000 players with a
rating each, 100,000 games and 2,000,000 availability answers with COPY (psycopg), runs
VACUUM ANALYZE, times the same pages again (first GETs: the page cache is off) and prints
``EXPLAIN`` for each query the pages ran, so an index scan can be seen for every one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "teamcoach_large"
PAGES = [
    ("lineup HTML", "/best/riverside-first-xi/11/", {}),
    ("lineup JSON", "/best/riverside-first-xi/11/", {"HTTP_ACCEPT": "application/json"}),
    ("roster", "/teams/riverside-first-xi/roster/", {}),
    ("fairness (season)", "/teams/riverside-u09/fairness/", {}),
    ("API lineup", "/api/v1/lineups/riverside-first-xi/11/", {}),
    ("API team list", "/api/v1/teams/", {}),
]


def own_database(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{DATABASE}"))


def drop_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def time_pages(runs: int) -> dict[str, float]:
    """Median milliseconds of a first GET of each page (page cache off), in-process."""
    from django.test import Client, override_settings

    client = Client()
    medians = {}
    with override_settings(TEAMCOACH_PAGE_CACHE_SECONDS=0, TEAMCOACH_RATE_LIMIT_CACHE="default"):
        for label, path, headers in PAGES:
            client.get(path, **headers)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(path, **headers)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, (path, response.status_code)
            medians[label] = statistics.median(times) * 1000
    return medians


def explain_pages() -> None:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with override_settings(TEAMCOACH_PAGE_CACHE_SECONDS=0, TEAMCOACH_RATE_LIMIT_CACHE="default"):
        for label, path, headers in PAGES:
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, **headers)
            queries = [
                q["sql"]
                for q in ctx.captured_queries
                if q["sql"].lstrip().upper().startswith("SELECT")
                and "teamcoach_cache" not in q["sql"]
            ]
            print(f"\n=== {label} {path}: {len(queries)} queries")
            with connection.cursor() as cursor:
                for sql in queries:
                    cursor.execute("EXPLAIN " + sql)
                    plan = [row[0] for row in cursor.fetchall()]
                    scans = [line.strip() for line in plan if "Scan" in line]
                    print(f"  {sql[:110]}…")
                    for line in scans:
                        print(f"      {line}")


def fill(clubs: int, teams: int, players: int, answers: int) -> None:
    """COPY the rows in, ids chosen here (past the demo's), sequences moved on after."""
    from django.db import connection
    from django.utils import timezone

    from clubs.models import Availability, Club, Game, Player, PlayerPosition, Team
    from demo.club import FIRST_NAMES, LAST_NAMES, OPPONENTS
    from lineup.formations import formation_for

    rng = random.Random(16)
    now = timezone.now()
    codes = [s.position for s in formation_for("football", 11).slots if s.position]
    per_team = players // teams
    games_per_team = max(1, answers // (teams * per_team))

    def start(model: type) -> int:
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def copy(model: type, columns: list[str], rows: Iterator[tuple[object, ...]]) -> int:
        """COPY ``rows``; every other column gets its field's default (new columns too)."""
        table = model._meta.db_table
        rest = [
            f for f in model._meta.concrete_fields if f.column not in columns and not f.primary_key
        ]
        defaults = tuple(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_db_prep_save(f.get_default(), connection)
            for f in rest
        )  # fmt: skip
        names = ", ".join([*columns, *(f.column for f in rest)])
        count = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as out:
                for row in rows:
                    out.write_row((*row, *defaults))
                    count += 1
        return count

    def timed(what: str, model: type, columns: list[str], rows: Iterator[tuple]) -> None:
        begin = time.perf_counter()
        count = copy(model, columns, rows)
        print(f"  {what:<22} {count:>10,} rows in {time.perf_counter() - begin:6.1f} s")

    club0, team0, player0, game0 = start(Club), start(Team), start(Player), start(Game)
    total_games = teams * games_per_team
    print(
        f"Filling {clubs:,} clubs, {teams:,} teams, {teams * per_team:,} players, "
        f"{total_games:,} games, {total_games * per_team:,} answers"
    )
    timed(
        "clubs",
        Club,
        ["id", "name", "slug"],
        ((club0 + i, f"Large club {i}", f"large-c{i}") for i in range(clubs)),
    )
    kinds = ["senior", "junior", "veterans"]
    timed(
        "teams",
        Team,
        ["id", "club_id", "name", "slug", "team_type", "age_group", "team_size", "visibility"],
        (
            (team0 + i, club0 + i % clubs, f"Large team {i}", f"large-t{i}", kinds[i % 3],
             "U12" if i % 3 == 1 else "", 11, "club" if i % 3 == 1 else "public")
            for i in range(teams)
        ),
    )  # fmt: skip
    timed(
        "players",
        Player,
        ["id", "team_id", "name", "number", "fit"],
        (
            (player0 + t * per_team + n, team0 + t,
             f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", n, rng.random() > 0.08)
            for t in range(teams)
            for n in range(per_team)
        ),
    )  # fmt: skip
    timed(
        "ratings",
        PlayerPosition,
        ["player_id", "position", "rating"],
        ((player0 + i, codes[i % len(codes)], 40 + i % 53) for i in range(teams * per_team)),
    )
    timed(
        "games",
        Game,
        ["id", "team_id", "opponent", "kickoff"],
        (
            (game0 + t * games_per_team + g, team0 + t, OPPONENTS[g % len(OPPONENTS)],
             now + dt.timedelta(weeks=g - games_per_team // 2))
            for t in range(teams)
            for g in range(games_per_team)
        ),
    )  # fmt: skip
    choices = ["yes", "yes", "yes", "maybe", "no"]
    timed(
        "answers",
        Availability,
        ["player_id", "game_id", "answer"],
        (
            (player0 + t * per_team + n, game0 + t * games_per_team + g, choices[(n + g) % 5])
            for t in range(teams)
            for g in range(games_per_team)
            for n in range(per_team)
        ),
    )
    with connection.cursor() as cursor:
        for model in (Club, Team, Player, PlayerPosition, Game, Availability):
            table = model._meta.db_table
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            cursor.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")
        begin = time.perf_counter()
        # What autovacuum does after a bulk load: statistics, and the visibility map
        # that lets a count read an index alone.
        cursor.execute("VACUUM ANALYZE")
        print(f"  VACUUM ANALYZE in {time.perf_counter() - begin:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clubs", type=int, default=1_000)
    parser.add_argument("--teams", type=int, default=10_000)
    parser.add_argument("--players", type=int, default=200_000)
    parser.add_argument("--answers", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args()
    url = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database_url = own_database(url)
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="teamcoach.settings")
    os.environ.setdefault("TEAMCOACH_SECRET_KEY", "bench-large-not-secret")
    # Out of the bench's reach, as bench_http.py and bench_cpu.py set them (the counters
    # still count): --runs past the lineup's 120 a minute answered 429.
    os.environ.update(TEAMCOACH_RATE_LINEUP="1000000000/s", TEAMCOACH_RATE_API="1000000000/s")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    try:
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
        demo = time_pages(options.runs)
        begin = time.perf_counter()
        fill(options.clubs, options.teams, options.players, options.answers)
        print(f"Filled in {time.perf_counter() - begin:.0f} s")
        large = time_pages(options.runs)
        print(f"\nFirst GET, median of {options.runs} (ms), in-process on PostgreSQL")
        print(f"  {'page':<20}{'demo':>9}{'large':>9}{'× demo':>9}")
        for label, *_ in PAGES:
            print(f"  {label:<20}{demo[label]:>9.1f}{large[label]:>9.1f}"
                  f"{large[label] / demo[label]:>9.2f}")  # fmt: skip
        explain_pages()
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            drop_database(url)


if __name__ == "__main__":
    main()
