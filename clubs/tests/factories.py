"""Tiny builders for test data: explicit arguments, sensible defaults, no magic."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from clubs.models import Answer, Availability, Club, Game, Player, PlayerPosition, Team

_counter = itertools.count(1)


def make_club(name: str = "Test Club") -> Club:
    n = next(_counter)
    return Club.objects.create(name=name, slug=f"club-{n}")


def make_team(
    club: Club | None = None,
    *,
    slug: str | None = None,
    name: str | None = None,
    team_type: str = "senior",
    sport: str = "football",
    team_size: int = 5,
    age_group: str = "",
    **fields: object,
) -> Team:
    n = next(_counter)
    return Team.objects.create(
        club=club or make_club(),
        name=name or f"Team {n}",
        slug=slug or f"team-{n}",
        team_type=team_type,
        sport=sport,
        team_size=team_size,
        age_group=age_group,
        **fields,
    )


def make_player(
    team: Team,
    number: int,
    name: str | None = None,
    *,
    ratings: dict[str, int] | None = None,
    fit: bool = True,
) -> Player:
    player = Player.objects.create(
        team=team, number=number, name=name or f"Player {number}", fit=fit
    )
    for position, rating in (ratings or {}).items():
        PlayerPosition.objects.create(player=player, position=position, rating=rating)
    return player


def make_game(
    team: Team, *, days: float = 3, opponent: str = "Hillside Rovers", **fields: object
) -> Game:
    return Game.objects.create(
        team=team, opponent=opponent, kickoff=timezone.now() + dt.timedelta(days=days), **fields
    )


def answer(player: Player, game: Game, value: str) -> Availability:
    return Availability.objects.create(player=player, game=game, answer=Answer(value))


def five_a_side(team: Team) -> dict[str, Player]:
    """A full 5-a-side squad, one natural player per position, plus two on the bench."""
    return {
        "keeper": make_player(team, 1, "Gina Keeper", ratings={"GK": 90}),
        "back_l": make_player(team, 2, "Dana Back", ratings={"CB": 80, "LB": 70}),
        "back_r": make_player(team, 3, "Erin Back", ratings={"CB": 78, "RB": 75}),
        "mid": make_player(team, 8, "Mo Mid", ratings={"CM": 85}),
        "striker": make_player(team, 9, "Sid Striker", ratings={"ST": 88}),
        "sub_keeper": make_player(team, 13, "Kim Reserve", ratings={"GK": 60}),
        "sub_mid": make_player(team, 14, "Pat Spare", ratings={"CM": 65, "ST": 60}),
    }
