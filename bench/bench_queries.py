"""SQL queries per page at two sizes (`make bench`): 10 → 10,000 teams, 20 → 2,000 players.

In-process (Django's test client) on a throw-away SQLite database: the demo (as
`teamcoach setup` loads it), then filler clubs built like the demo (``demo.bulk``), and
the same pages counted again. The first GET of each page is counted (the rendered
representation cache is off), since a cached one is cheaper still.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_site import start_demo_site  # noqa: E402 (bench/ is the script's folder)

TEAM = "riverside-first-xi"


def main() -> None:
    var = start_demo_site()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from clubs.models import Club, Player, Team
    from demo.bulk import bulk_clubs_create

    client = Client()
    pages = [
        ("lineup HTML", f"/best/{TEAM}/11/", {}),
        ("lineup JSON", f"/best/{TEAM}/11/", {"HTTP_ACCEPT": "application/json"}),
        ("lineup card", f"/best/{TEAM}/11/card/", {}),
        ("roster HTML", f"/teams/{TEAM}/roster/", {}),
        ("API lineup", f"/api/v1/lineups/{TEAM}/11/", {}),
    ]

    def count(path: str, headers: dict[str, str]) -> int:
        # Counters in memory: the rate limit's own reads are not the page's.
        with override_settings(
            TEAMCOACH_PAGE_CACHE_SECONDS=0, TEAMCOACH_RATE_LIMIT_CACHE="default"
        ):
            client.get(path, **headers)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.status_code)
        return len([q for q in ctx.captured_queries if "teamcoach_cache" not in q["sql"]])

    def club_players() -> int:
        return Player.objects.filter(team__club__slug="riverside").count()

    before = (Team.objects.count(), club_players())
    small = [count(path, headers) for _, path, headers in pages]
    bulk_clubs_create(teams=10_000 - Team.objects.count() - 100, players_per_team=2, seed=7)
    bulk_clubs_create(
        teams=100, players_per_team=20, seed=8, club=Club.objects.get(slug="riverside")
    )
    after = (Team.objects.count(), club_players())
    large = [count(path, headers) for _, path, headers in pages]
    print(
        f"SQL queries per first GET: {before[0]:,} teams / {before[1]:,} players in the club "
        f"→ {after[0]:,} teams / {after[1]:,} players in the club"
    )
    for (label, path, _), a, b in zip(pages, small, large, strict=True):
        print(f"  {label:<14} {path:<34} {a:>3} → {b:>3}")
    shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
