"""CPU time per request, in-process: the same cases as bench_http.py, robust to a busy machine.

wrk's req/s on a 2-core machine shared with other work move with everyone else's load;
the CPU time one request costs this process (``time.process_time``) hardly does. Each
case: Django's test client through the full middleware on a throw-away SQLite copy of
the demo, N requests, median CPU ms and its ratio to F (``/healthz``) — the same "× F"
as the HTTP table, without the web server's share. "repeat" with the page cache on,
"first" with it off (``TEAMCOACH_PAGE_CACHE_SECONDS=0``).

    .venv/bin/python bench/bench_cpu.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_site import start_demo_site  # noqa: E402 (bench/ is the script's folder)

TEAM = "riverside-first-xi"
JUNIOR = "riverside-u09"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    start_demo_site(TEAMCOACH_RATE_LINEUP="1000000000/s", TEAMCOACH_RATE_API="1000000000/s")
    from django.test import Client, override_settings
    from django.utils import timezone

    from clubs.models import Game

    game = (
        Game.objects.filter(team__slug=JUNIOR, kickoff__gte=timezone.now())
        .order_by("kickoff")
        .values_list("pk", flat=True)[0]
    )
    json_ = {"HTTP_ACCEPT": "application/json"}
    cases = [
        ("/healthz — F", "/healthz", {}, False),
        ("lineup HTML", f"/best/{TEAM}/11/", {}, False),
        ("lineup HTML → 304", f"/best/{TEAM}/11/", {}, True),
        ("lineup JSON", f"/best/{TEAM}/11/", json_, False),
        ("lineup JSON → 304", f"/best/{TEAM}/11/", json_, True),
        ("lineup card", f"/best/{TEAM}/11/card/", {}, False),
        ("roster HTML", f"/teams/{TEAM}/roster/", {}, False),
        ("roster HTML → 304", f"/teams/{TEAM}/roster/", {}, True),
        ("rotation plan JSON", f"/teams/{JUNIOR}/games/{game}/rotation/", json_, False),
        ("rotation plan HTML", f"/teams/{JUNIOR}/games/{game}/rotation/", {}, False),
        ("fairness (season) HTML", f"/teams/{JUNIOR}/fairness/", {}, False),
        ("API lineup", f"/api/v1/lineups/{TEAM}/11/", {}, False),
        ("API lineup → 304", f"/api/v1/lineups/{TEAM}/11/", {}, True),
        ("/api/v1/teams/", "/api/v1/teams/", {}, False),
    ]
    client = Client()

    def cpu(path: str, headers: dict[str, str]) -> float:
        for _ in range(3):
            client.get(path, **headers)
        times = []
        for _ in range(runs):
            start = time.process_time()
            response = client.get(path, **headers)
            times.append(time.process_time() - start)
            assert response.status_code in (200, 304), (path, response.status_code)
        return statistics.median(times) * 1000

    rows = []
    for mode, seconds in (("repeat", 600), ("first", 0)):
        with override_settings(TEAMCOACH_PAGE_CACHE_SECONDS=seconds):
            floor = cpu("/healthz", {})
            for label, path, headers, revalidate in cases:
                if revalidate and mode == "first":
                    continue
                extra = dict(headers)
                if revalidate:
                    extra["HTTP_IF_NONE_MATCH"] = client.get(path, **headers)["ETag"]
                ms = floor if path == "/healthz" else cpu(path, extra)
                rows.append((mode, label, ms, floor / ms))
    print(f"CPU ms per request, in-process, median of {runs} (load: {os.getloadavg()[0]:.1f})")
    print(f"  {'mode':<7}{'case':<26}{'CPU ms':>8}{'× F':>8}")
    for mode, label, ms, ratio in rows:
        print(f"  {mode:<7}{label:<26}{ms:>8.2f}{ratio:>8.3f}")


if __name__ == "__main__":
    main()
