"""The request anatomy under load, side by side on one server (`make bench`).

Prints requests per second and p50/p99 latency, measured with wrk over loopback, for
  1. a static file the size of the lineup page — the web server's own limit;
  2. /healthz — a trivial Django view through the full middleware stack (the framework's floor);
  3. /best/<team>/11/ — the real page: database, solver, template;
then the SQL queries per lineup page with 10 and with 10,000 teams in the database,
and the solver's median time for a 40-player squad.

Load goes to 127.0.0.1 only, bounded in time (DURATION seconds per URL).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DURATION = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
TEAM = "riverside-first-xi"


def wrk(url: str) -> tuple[float, str, str]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=DURATION + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses under load")
    return rps, p50, p99


def http_figures(workers: int) -> None:
    from devtools.live import live_server

    with tempfile.TemporaryDirectory() as tmp, live_server(Path(tmp), workers=workers) as server:
        page = urllib.request.urlopen(f"{server.url}/best/{TEAM}/11/").read()
        static_copy = server.var / "static" / "bench-page-sized.html"
        static_copy.write_bytes(page)
        print(
            f"HTTP, granian --workers {workers} --blocking-threads 1, wrk -c{CONNECTIONS} "
            f"for {DURATION}s each (lineup page: {len(page):,} bytes)"
        )
        print(f"  {'what':<44} {'req/s':>9} {'p50':>9} {'p99':>9}")
        for label, path in [
            ("static file of the same size (web server)", "/static/bench-page-sized.html"),
            ("/healthz (Django, full middleware)", "/healthz"),
            (f"/best/{TEAM}/11/ (database + solver + template)", f"/best/{TEAM}/11/"),
        ]:
            rps, p50, p99 = wrk(server.url + path)
            print(f"  {label:<44} {rps:>9.0f} {p50:>9} {p99:>9}")


def query_figures() -> None:
    """Queries per lineup page, in-process, with 10 and then 10,000 teams."""
    tmp = tempfile.mkdtemp()
    os.environ.update(TEAMCOACH_VAR_DIR=tmp, DJANGO_SETTINGS_MODULE="teamcoach.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from clubs.models import Club, Team

    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    client = Client()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/best/{TEAM}/11/").status_code == 200
        return len(ctx.captured_queries)

    def fill_to(total: int) -> None:
        club = Club.objects.create(name="Filler", slug=f"filler-{total}")
        missing = total - Team.objects.count()
        Team.objects.bulk_create(
            Team(
                club=club,
                name=f"Filler {i}",
                slug=f"filler-{total}-{i}",
                team_type="senior",
                sport="football",
                team_size=11,
            )
            for i in range(missing)
        )

    fill_to(10)
    small = count()
    fill_to(10_000)
    large = count()
    print(
        f"SQL queries per lineup page: {small} with 10 teams, {large} with "
        f"{Team.objects.count():,} teams"
    )
    shutil.rmtree(tmp, ignore_errors=True)


def solver_figures() -> None:
    import random

    from lineup.formations import formation_for
    from lineup.model import Player
    from lineup.solver import best_lineup

    rng = random.Random(1)
    formation = formation_for("football", 11)
    codes = sorted({s.position for s in formation.slots if s.position})
    squad = [
        Player(
            key=str(i),
            name=f"P{i}",
            number=i,
            ratings={c: rng.randint(30, 95) for c in rng.sample(codes, 3)},
        )
        for i in range(1, 41)
    ]
    times = []
    for _ in range(300):
        start = time.perf_counter()
        best_lineup(squad, formation)
        times.append(time.perf_counter() - start)
    print(
        f"Solver, 40-player squad, 11-a-side: median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[18] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    if shutil.which("wrk"):
        http_figures(workers=int(os.environ.get("WORKERS", "2")))
    else:
        print("wrk is not installed (apt-get install wrk): HTTP figures skipped")
    solver_figures()
    query_figures()
