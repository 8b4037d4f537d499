"""Minutes played, from what was recorded: the starters play from the kick-off, a
substitution takes one player off and brings one on at its minute, a red card sends a
player off; whoever is on at the end plays to the end of the game's playing time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import QuerySet

from clubs.models import Game, usual_periods
from web.prepared import Prepared

from .models import EventKind, GameResult, MatchEvent


@dataclass(frozen=True)
class Change:
    """A recorded change of who is on the field (plain data, for :func:`minutes_from`)."""

    minute: int
    on: int | None
    off: int | None


def game_periods(game: Game) -> list[int]:
    """The minutes of each period: the team's rotation settings if it saved any, else
    the sport's usual split. (The settings are read through the team's reverse
    relation, so this app does not import the rotation app above it.)"""
    team = game.team
    settings = getattr(team, "rotation_settings", None)
    if settings is not None:
        return [settings.period_minutes] * settings.periods
    periods, minutes = usual_periods(team.sport, team.team_size, team.team_type == "junior")
    return [minutes] * periods


def period_start(periods: Sequence[int], period: int) -> int:
    """The minute period ``period`` (from 1) starts at; past the last one, the end."""
    return sum(periods[: max(period, 1) - 1])


def minutes_from(starters: Iterable[int], changes: Iterable[Change], length: int) -> dict[int, int]:
    """Player id → minutes on the field over a game of ``length`` minutes.

    ``changes`` in the order they happened. A player who came on and off again
    counts both spells; one who came on in the last minute appears with 0.
    """
    on: dict[int, int] = {}
    played: dict[int, int] = {}
    for player in starters:
        on[player] = 0
        played[player] = 0
    for change in changes:
        minute = min(max(change.minute, 0), length)
        if change.off is not None and change.off in on:
            played[change.off] += minute - on.pop(change.off)
        if change.on is not None and change.on not in on:
            on[change.on] = minute
            played.setdefault(change.on, 0)
    for player, since in on.items():
        played[player] += length - since
    return played


#: The columns of a substitution or red card that minutes need (in this order).
_EVENT_COLUMNS = ("minute", "pk", "kind", "player_id", "player_off_id")
_CHANGING = [EventKind.SUBSTITUTION, EventKind.RED]


class EventRow(NamedTuple):
    """A substitution or red card as read (``_EVENT_COLUMNS``): no model instance needed."""

    minute: int
    pk: int
    kind: str
    player_id: int | None
    player_off_id: int | None


def _changes(events: Iterable[EventRow]) -> list[Change]:
    """The changes of who is on, in the order they happened (by minute, then as recorded)."""
    changes = []
    for event in sorted(events, key=lambda e: (e.minute, e.pk)):
        if event.kind == EventKind.SUBSTITUTION:
            changes.append(Change(event.minute, event.player_id, event.player_off_id))
        elif event.kind == EventKind.RED:
            changes.append(Change(event.minute, None, event.player_id))
    return changes


def played_minutes(game: Game, *, periods: Sequence[int] | None = None) -> dict[int, int] | None:
    """Player id → minutes played in ``game``, from the recorded starters and
    substitutions; ``None`` when nothing was recorded (no starters, no substitution).

    ``periods`` (minutes of each period) defaults to :func:`game_periods`.
    """
    result = GameResult.objects.filter(game=game).first()
    starters = list(result.starters.values_list("pk", flat=True)) if result else []
    rows = MatchEvent.objects.filter(game=game, kind__in=_CHANGING).values_list(*_EVENT_COLUMNS)
    events = [EventRow._make(row) for row in rows]
    if not starters and not any(e.kind == EventKind.SUBSTITUTION for e in events):
        return None
    length = sum(periods if periods is not None else game_periods(game))
    return minutes_from(starters, _changes(events), length)


@dataclass(frozen=True)
class Record:
    """What was recorded of one game: who started, and the minutes each player played."""

    starters: frozenset[int]
    minutes: dict[int, int]


def _team_starters(team_id: int, until: dt.datetime) -> QuerySet[Any]:
    starters = GameResult.starters.through.objects.filter(
        gameresult__game__team_id=team_id, gameresult__game__kickoff__lte=until
    )
    return starters.values_list("gameresult__game_id", "player_id")


def _team_changes(team_id: int, until: dt.datetime) -> QuerySet[Any]:
    changes = MatchEvent.objects.filter(
        game__team_id=team_id, game__kickoff__lte=until, kind__in=_CHANGING
    )
    return changes.values_list("game_id", *_EVENT_COLUMNS)


#: The starters and the changes of who is on in a team's games that kicked off by a
#: time: fixed-shape reads (no list of game ids), so compiled once (web.prepared).
_TEAM, _KICKOFF = Game._meta.get_field("team"), Game._meta.get_field("kickoff")
_STARTERS = Prepared(_team_starters, team_id=_TEAM, until=_KICKOFF)
_CHANGES = Prepared(_team_changes, team_id=_TEAM, until=_KICKOFF)


def season_records(games: Sequence[Game]) -> dict[int, Record]:
    """Game id → :class:`Record` for every game that has one (starters or a substitution),
    in two queries per team however many games (the season page, the fairness ledger).

    Each team's reads take its games up to the last kick-off of ``games`` (the season
    so far), and keep those of ``games``.
    """
    by_team: dict[int, list[Game]] = {}
    for game in games:
        by_team.setdefault(game.team_id, []).append(game)
    starters: dict[int, list[int]] = {}
    # Plain rows, not model instances: a season has a hundred events or more.
    events: dict[int, list[EventRow]] = {}
    for team_id, team_games in by_team.items():
        wanted = {game.pk for game in team_games}
        until = max(game.kickoff for game in team_games)
        for game_id, player_id in _STARTERS.rows(team_id=team_id, until=until):
            if game_id in wanted:
                starters.setdefault(game_id, []).append(player_id)
        for game_id, *event in _CHANGES.rows(team_id=team_id, until=until):
            if game_id in wanted:
                events.setdefault(game_id, []).append(EventRow._make(event))
    answer = {}
    lengths: dict[int, int] = {}  # per team: its settings are one query
    for game in games:
        game_events = events.get(game.pk, [])
        subs = any(e.kind == EventKind.SUBSTITUTION for e in game_events)
        if game.pk not in starters and not subs:
            continue
        if game.team_id not in lengths:
            lengths[game.team_id] = sum(game_periods(game))
        length = lengths[game.team_id]
        first = starters.get(game.pk, [])
        answer[game.pk] = Record(
            frozenset(first), minutes_from(first, _changes(game_events), length)
        )
    return answer


def season_minutes(games: Sequence[Game]) -> dict[int, dict[int, int]]:
    """Game id → :func:`played_minutes` for every game that has a record."""
    return {pk: record.minutes for pk, record in season_records(games).items()}
