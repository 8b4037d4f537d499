"""The request anatomy under load, side by side on one server (`make bench`).

One granian server started the way `make run` starts it (`devtools.live`, demo data from
`teamcoach setup`, i.e. the same code as `teamcoach demo`), wrk over loopback, and one
table: each case's requests per second, its ratio to F (`/healthz` through the full
middleware on the same server, in the same run), p50, p99, and the SQL queries one such
request makes (counted in-process with Django's test client on the same database).

Cases: a static file of the lineup page's size (the web server's ceiling), F, the lineup
page as HTML, its 304 revalidation, JSON and the printable card, the roster (and its 304),
the rotation plan as JSON, the season fairness page, the API's lineup and team list.
Each case is measured twice: "repeat" (the same URL again and again: unchanged data) and
"first" (a server started with the rendered-representation cache off,
``TEAMCOACH_PAGE_CACHE_SECONDS=0``: every request does the work a first GET after a
change does). Then the solver's median time (SQL queries per page at scale:
``bench_queries.py``).

The bench lifts the rate limits it does not measure (``TEAMCOACH_RATE_LINEUP`` and
``TEAMCOACH_RATE_API``: settings an operator could set too; no code path changes).

``--short``: 2 s per case, one connection count (CI: prints figures, fails only when a
case answers errors). Load goes to 127.0.0.1 only, bounded in time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
TEAM = "riverside-first-xi"
JUNIOR = "riverside-u09"
#: Rates high enough that wrk never meets them (web/ratelimit.py still counts).
UNLIMITED = "1000000000/s"


@dataclass
class Case:
    label: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    #: "repeat": measured on the normal server; "first": on the one without page cache;
    #: "both"; "static"/"floor": the ceiling and F.
    kind: str = "both"
    revalidate: bool = False  # send the ETag of a first GET back (If-None-Match → 304)


@dataclass
class Result:
    rps: float
    p50: str
    p99: str
    errors: int
    status: int = 200


def wrk(url: str, headers: dict[str, str], seconds: int) -> Result:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(socket_errors.group(i)) for i in (1, 2, 3))
    return Result(rps, p50, p99, count)


def fetch(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def cases(plan_game: int) -> list[Case]:
    json_ = {"Accept": "application/json"}
    return [
        Case(
            "static file, lineup page's size (granian)",
            "/static/bench-page-sized.html",
            kind="static",
        ),
        Case("/healthz — F", "/healthz", kind="floor"),
        Case("lineup HTML", f"/best/{TEAM}/11/"),
        Case(
            "lineup HTML, If-None-Match → 304", f"/best/{TEAM}/11/", revalidate=True, kind="repeat"
        ),
        Case("lineup HTML, gzip", f"/best/{TEAM}/11/", {"Accept-Encoding": "gzip"}, kind="repeat"),
        Case("lineup JSON", f"/best/{TEAM}/11/", json_),
        Case(
            "lineup JSON, If-None-Match → 304",
            f"/best/{TEAM}/11/",
            json_,
            revalidate=True,
            kind="repeat",
        ),
        Case("lineup card", f"/best/{TEAM}/11/card/"),
        Case("roster HTML", f"/teams/{TEAM}/roster/"),
        Case(
            "roster HTML, If-None-Match → 304",
            f"/teams/{TEAM}/roster/",
            revalidate=True,
            kind="repeat",
        ),
        Case("rotation plan JSON", f"/teams/{JUNIOR}/games/{plan_game}/rotation/", json_),
        Case("rotation plan HTML", f"/teams/{JUNIOR}/games/{plan_game}/rotation/"),
        Case("fairness (season) HTML", f"/teams/{JUNIOR}/fairness/"),
        Case("API lineup", f"/api/v1/lineups/{TEAM}/11/", json_),
        Case(
            "API lineup, If-None-Match → 304",
            f"/api/v1/lineups/{TEAM}/11/",
            json_,
            revalidate=True,
            kind="repeat",
        ),
        Case("/api/v1/teams/", "/api/v1/teams/", json_),
        Case(
            "/api/v1/teams/, If-None-Match → 304",
            "/api/v1/teams/",
            json_,
            revalidate=True,
            kind="repeat",
        ),
    ]


@contextmanager
def server(var: Path, *, page_cache: bool, workers: int) -> Iterator[object]:
    from devtools.live import live_server

    os.environ.setdefault("LIVE_START_SECONDS", "180")
    os.environ["TEAMCOACH_RATE_LINEUP"] = UNLIMITED
    os.environ["TEAMCOACH_RATE_API"] = UNLIMITED
    if page_cache:
        os.environ.pop("TEAMCOACH_PAGE_CACHE_SECONDS", None)
    else:
        os.environ["TEAMCOACH_PAGE_CACHE_SECONDS"] = "0"
    for attempt in (1, 2, 3):
        try:
            with live_server(var, workers=workers) as running:
                yield running
            return
        except RuntimeError as error:  # a busy machine: workers slower than 30 s to start
            if "did not start" not in str(error) or attempt == 3:
                raise
            print(f"  (server slow to start, attempt {attempt}; trying again)")


def django_in(var: Path) -> None:
    """Django in this process, on the server's own database (to count queries)."""
    os.environ.update(TEAMCOACH_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="teamcoach.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]


def queries_per_request(case: Case, etag: str | None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in case.headers.items()}
    if etag:
        headers["HTTP_IF_NONE_MATCH"] = etag
    client.get(case.path, **headers)  # warm: the repeat case's cache, lazy imports
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(case.path, **headers)
    if response.status_code >= 400:
        raise SystemExit(f"{case.path}: {response.status_code} in-process")
    return len(ctx.captured_queries)


def http_figures(seconds: int, workers: int) -> bool:
    """The table; False when a case answered errors."""
    ok = True
    rows: list[tuple[str, str, Result, float, int | str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp) / "var"
        floor: dict[str, float] = {}
        plan_game = 0
        for mode in ("repeat", "first"):
            with server(var, page_cache=(mode == "repeat"), workers=workers) as running:
                url = running.url  # type: ignore[attr-defined]
                if mode == "repeat":
                    django_in(var)
                    from django.utils import timezone

                    from clubs.models import Game

                    plan_game = (
                        Game.objects.filter(team__slug=JUNIOR, kickoff__gte=timezone.now())
                        .order_by("kickoff")
                        .values_list("pk", flat=True)[0]
                    )
                    page = fetch(f"{url}/best/{TEAM}/11/", {})[2]
                    (var / "static" / "bench-page-sized.html").write_bytes(page)
                for case in cases(plan_game):
                    if case.kind == "static" and mode == "first":
                        continue
                    if case.kind in ("repeat", "first") and case.kind != mode:
                        continue
                    etag = None
                    if case.revalidate:
                        status, headers, _ = fetch(url + case.path, case.headers)
                        etag = {k.lower(): v for k, v in headers.items()}.get("etag")
                        if not etag:
                            print(f"  {case.label}: no ETag (status {status})")
                            ok = False
                            continue
                    headers = {**case.headers, **({"If-None-Match": etag} if etag else {})}
                    status, _, _body = fetch(url + case.path, headers)
                    result = wrk(url + case.path, headers, seconds)
                    result.status = status
                    if case.kind == "floor":
                        floor[mode] = result.rps
                    if result.errors or status >= 400:
                        print(f"  {case.label}: {result.errors} errors under load, status {status}")
                        ok = False
                    queries: int | str = "–"
                    if case.kind not in ("static", "floor"):
                        from django.test import override_settings

                        cache_seconds = 600 if mode == "repeat" else 0
                        with override_settings(TEAMCOACH_PAGE_CACHE_SECONDS=cache_seconds):
                            queries = queries_per_request(case, etag)
                    rows.append((mode, case.label, result, floor.get(mode, 0.0), queries))
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(
        f"\nHTTP: granian --workers {workers} --blocking-threads 1, wrk -t2 -c{CONNECTIONS} "
        f"-d{seconds}s; load: {uptime.split('load average:')[-1].strip()}"
    )
    print("repeat = same URL again (unchanged data); first = server without the page cache")
    print(
        f"  {'mode':<7}{'case':<40}{'req/s':>9}{'× F':>8}{'p50':>10}{'p99':>10}{'SQL':>5}{'st':>5}"
    )
    for mode, label, result, f_rps, queries in rows:
        ratio = result.rps / f_rps if f_rps else float("nan")
        print(
            f"  {mode:<7}{label:<40}{result.rps:>9.0f}{ratio:>8.3f}{result.p50:>10}"
            f"{result.p99:>10}{queries!s:>5}{result.status:>5}"
        )
    return ok


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="2 s per case (CI)")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "8")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    options = parser.parse_args()
    seconds = 2 if options.short else options.seconds
    ok = True
    if shutil.which("wrk"):
        ok = http_figures(seconds, options.workers)
    else:
        print("wrk is not installed (apt-get install wrk): HTTP figures skipped")
        ok = not os.environ.get("CI")
    if not options.short:
        solver_figures()
    if not ok:
        print("A case answered errors (see above).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
