"""Demo lineups: the First XI's next two games have a lineup its coach saved.

So a newcomer sees both kinds of lineup page: saved ("saved by …") on the
First XI, suggested on every other team.
"""

from __future__ import annotations

import datetime as dt

from clubs import services
from clubs.lineups import team_lineup
from clubs.models import Club

#: The team whose coach has saved the next lineups.
SAVED_TEAM = "riverside-first-xi"


def demo_lineups_save(club: Club, *, now: dt.datetime | None = None, games: int = 2) -> int:
    """Save the suggested lineup of the next ``games`` games of the First XI; how many."""
    team = club.teams.filter(slug=SAVED_TEAM).first()
    if team is None:
        return 0
    coach = team.coaches.select_related("user").first()
    saved = 0
    for game in team.games_to_come(now)[:games]:
        result = team_lineup(team, team.team_size, game=game)
        services.lineup_save(
            game=game,
            starters=[int(p.player.key) if p.player else None for p in result.result.picks],
            formation=result.result.formation.key,
            version=None,
            by=coach.user if coach else None,
            by_name="Demo coach",
        )
        saved += 1
    return saved
