"""Who to tick as starters before any are recorded."""

from __future__ import annotations

from clubs.lineups import team_lineup
from clubs.models import Game, Player


def suggested_starters(game: Game) -> list[Player]:
    """The suggested lineup for this game: the best lineup as it stood at kick-off,
    from the players' answers (the whole squad when it is smaller than the team)."""
    team = game.team
    squad = list(team.active_players().order_by("number"))
    if len(squad) <= team.team_size:
        return squad
    lineup = team_lineup(team, team.team_size, now=game.kickoff)
    return [lineup.players[pick.player.key] for pick in lineup.result.picks if pick.player]
