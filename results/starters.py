"""Who to tick as starters before any are recorded."""

from __future__ import annotations

from clubs import lineups
from clubs.models import Game, Player


def suggested_starters(game: Game) -> list[Player]:
    """:func:`default_starters` without saying where they come from."""
    return default_starters(game)[0]


def default_starters(game: Game) -> tuple[list[Player], bool]:
    """(starters, whether the coach saved them): the lineup the coach saved for this
    game, where there is one; else the suggested lineup as it stood at kick-off, from
    the players' answers (the whole squad when it is no bigger than the team)."""
    team = game.team
    # ``clubs.lineups.saved_lineup`` comes with the per-game lineups (the
    # half); until it is there, the suggestion is all there is.
    saved_lineup = getattr(lineups, "saved_lineup", None)
    choice = saved_lineup(game) if saved_lineup is not None else None
    if choice is not None:
        ids = [int(pk) for pk in choice.starters if pk is not None]
        return list(team.players.filter(pk__in=ids).order_by("number")), True
    squad = list(team.active_players().order_by("number"))
    if len(squad) <= team.team_size:
        return squad, False
    lineup = lineups.team_lineup(team, team.team_size, now=game.kickoff)
    picked = [lineup.players[pick.player.key] for pick in lineup.result.picks if pick.player]
    return picked, False
