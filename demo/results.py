"""Demo results: scores, starters, substitutions, goals, assists and cards for the games
already played, so a newcomer's season page and fairness ledger show a living season.

Loaded by ``teamcoach demo`` after the rotations. Junior teams' games are recorded
“as planned” from their saved rotation, with an unplanned change now and then; the
others start the suggested lineup and make a few substitutions late in the game. The
most recent game of each team is left to record, as a coach would find it on Monday.
Seeded and keyed (``demo:…``), so running it again records nothing twice.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from clubs.models import Answer, Club, Game, Player
from fairplay.models import RotationPlan
from fairplay.played import plan_played
from results import services
from results.minutes import game_periods, played_minutes
from results.models import EventKind, GameResult
from results.starters import suggested_starters


def demo_results_create(club: Club, *, seed: int = 2026, now: dt.datetime | None = None) -> int:
    """Record the club's played games but each team's latest; how many were recorded."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not secrets
    now = now or timezone.now()
    recorded = 0
    for team in club.teams.order_by("slug"):
        played = list(team.games.filter(kickoff__lt=now).order_by("kickoff"))
        for game in played[:-1]:
            _game_record(game, rng)
            recorded += 1
    return recorded


def _game_record(game: Game, rng: random.Random) -> None:
    if GameResult.objects.filter(game=game, goals_for__isnull=False).exists():
        return  # recorded by an earlier run
    plan = RotationPlan.objects.filter(game=game).order_by("-created_at", "-pk").first()
    periods = game_periods(game)
    length = sum(periods)
    if plan is not None:
        plan_played(game=game, plan=plan, by=None)
    else:
        starters = suggested_starters(game)
        services.starters_set(game=game, players=starters, by=None)
        _substitutions(game, starters, length, rng)
    minutes = played_minutes(game) or {}
    on_field = list(game.team.players.filter(pk__in=[pk for pk, n in minutes.items() if n > 0]))
    goals_for, goals_against = rng.choice([0, 1, 1, 2, 2, 3, 4]), rng.choice([0, 0, 1, 1, 2, 3])
    services.result_save(
        game=game, goals_for=goals_for, goals_against=goals_against, version=0, by=None
    )
    for n in range(goals_for):
        minute = rng.randint(1, length)
        scorer = rng.choice(on_field) if on_field and rng.random() > 0.08 else None
        services.event_record(
            game=game,
            kind=EventKind.GOAL,
            minute=minute,
            player=scorer,
            key=f"demo:goal:{n}",
            by=None,
        )
        helpers = [p for p in on_field if p != scorer]
        if helpers and rng.random() < 0.6:
            services.event_record(
                game=game,
                kind=EventKind.ASSIST,
                minute=minute,
                player=rng.choice(helpers),
                key=f"demo:assist:{n}",
                by=None,
            )
    if on_field and game.team.team_type != "junior" and rng.random() < 0.5:
        services.event_record(
            game=game,
            kind=EventKind.YELLOW,
            minute=rng.randint(10, length),
            player=rng.choice(on_field),
            key="demo:yellow",
            by=None,
        )


def _substitutions(game: Game, starters: list[Player], length: int, rng: random.Random) -> None:
    """Two or three changes in the last third, from those who answered yes."""
    answers = dict(game.availability.values_list("player_id", "answer"))
    bench = [
        p
        for p in game.team.active_players().order_by("number")
        if p not in starters and p.fit and answers.get(p.pk) == Answer.YES
    ]
    rng.shuffle(bench)
    going = rng.sample(starters, k=min(len(starters), len(bench), rng.randint(2, 3)))
    for n, (off, on) in enumerate(zip(going, bench, strict=False)):
        services.event_record(
            game=game,
            kind=EventKind.SUBSTITUTION,
            minute=rng.randint(length * 2 // 3, length - 1),
            player=on,
            player_off=off,
            key=f"demo:sub:{n}",
            by=None,
        )
