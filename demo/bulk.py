"""Many clubs at once, built like the demo club: for benchmarks (bench/), never for the site.

``bulk_clubs_create`` fills the database with clubs of teams, squads with position
ratings and a season of games with answers, using the demo's names, formations and
visibility rules (``clubs.models.default_visibility``) but ``bulk_create`` in large
batches, so 10,000 teams take seconds on SQLite. ``bench/bench_large.py`` fills
PostgreSQL with COPY instead (millions of rows).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from clubs.models import (
    Answer,
    Availability,
    Club,
    Game,
    Player,
    PlayerPosition,
    Team,
    TeamType,
    default_visibility,
)
from lineup.formations import formation_for

from .club import OPPONENTS, _name

BATCH = 2_000


@transaction.atomic
def bulk_clubs_create(
    *,
    teams: int,
    players_per_team: int,
    teams_per_club: int = 10,
    games_per_team: int = 0,
    seed: int = 1,
    club: Club | None = None,
    now: dt.datetime | None = None,
) -> int:
    """``teams`` teams (in new clubs of ``teams_per_club``, or in ``club``); how many made.

    ``players_per_team`` is at most 100 (shirt numbers 0–99 are unique per team).
    """
    if players_per_team > 100:
        raise ValueError("At most 100 players per team (one shirt number each).")
    rng = random.Random(seed)  # noqa: S311 - repeatable filler data, not secrets
    now = now or timezone.now()
    prefix = f"bulk{seed}"
    clubs: list[Club] = []
    if club is None:
        clubs = Club.objects.bulk_create(
            Club(name=f"Bulk club {seed}-{i}", slug=f"{prefix}-c{i}")
            for i in range(-(-teams // teams_per_club))
        )
    kinds = [TeamType.SENIOR, TeamType.JUNIOR, TeamType.VETERANS]
    rows = []
    for i in range(teams):
        kind = kinds[i % len(kinds)]
        rows.append(
            Team(
                club=club or clubs[i // teams_per_club],
                name=f"Bulk team {seed}-{i}",
                slug=f"{prefix}-t{i}",
                team_type=kind,
                age_group="U12" if kind == TeamType.JUNIOR else "",
                sport="football",
                team_size=11,
                visibility=default_visibility(kind),
            )
        )
    made = Team.objects.bulk_create(rows, batch_size=BATCH)
    formation = formation_for("football", 11)
    codes = [s.position for s in formation.slots if s.position]
    players = [
        Player(team=team, name=_name(rng), number=n, fit=rng.random() > 0.08)
        for team in made
        for n in range(players_per_team)
    ]
    Player.objects.bulk_create(players, batch_size=BATCH)
    PlayerPosition.objects.bulk_create(
        (
            PlayerPosition(player=p, position=code, rating=rng.randint(40, 92))
            for p in players
            for code in {codes[rng.randrange(len(codes))], codes[rng.randrange(len(codes))]}
        ),
        batch_size=BATCH,
    )
    if games_per_team:
        games = Game.objects.bulk_create(
            (
                Game(
                    team=team,
                    opponent=rng.choice(OPPONENTS),
                    kickoff=now + dt.timedelta(weeks=week - games_per_team // 2),
                )
                for team in made
                for week in range(games_per_team)
            ),
            batch_size=BATCH,
        )
        by_team: dict[int, list[Player]] = {}
        for p in players:
            by_team.setdefault(p.team_id, []).append(p)
        Availability.objects.bulk_create(
            (
                Availability(player=p, game=g, answer=rng.choice(list(Answer)))
                for g in games
                for p in by_team.get(g.team_id, [])
            ),
            batch_size=BATCH,
        )
    return len(made)
