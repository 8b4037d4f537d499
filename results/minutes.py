"""Minutes played, from what was recorded: the starters play from the kick-off, a
substitution takes one player off and brings one on at its minute, a red card sends a
player off; whoever is on at the end plays to the end of the game's playing time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clubs.models import Game
from lineup.periods import default_periods

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
    periods, minutes = default_periods(team.sport, team.team_size, team.team_type == "junior")
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


def _changes(events: Iterable[MatchEvent]) -> list[Change]:
    changes = []
    for event in sorted(events, key=lambda e: (e.minute, e.pk or 0)):
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
    kinds = [EventKind.SUBSTITUTION, EventKind.RED]
    events = list(MatchEvent.objects.filter(game=game, kind__in=kinds))
    if not starters and not any(e.kind == EventKind.SUBSTITUTION for e in events):
        return None
    length = sum(periods if periods is not None else game_periods(game))
    return minutes_from(starters, _changes(events), length)


def season_minutes(games: Sequence[Game]) -> dict[int, dict[int, int]]:
    """Game id → :func:`played_minutes` for every game that has a record, in three
    queries however many games (the season page)."""
    ids = [game.pk for game in games]
    starters: dict[int, list[int]] = {}
    through = GameResult.starters.through
    rows = through.objects.filter(gameresult__game_id__in=ids).values_list(
        "gameresult__game_id", "player_id"
    )
    for game_id, player_id in rows:
        starters.setdefault(game_id, []).append(player_id)
    events: dict[int, list[MatchEvent]] = {}
    kinds = [EventKind.SUBSTITUTION, EventKind.RED]
    for event in MatchEvent.objects.filter(game_id__in=ids, kind__in=kinds):
        events.setdefault(event.game_id, []).append(event)
    answer = {}
    for game in games:
        game_events = events.get(game.pk, [])
        subs = any(e.kind == EventKind.SUBSTITUTION for e in game_events)
        if game.pk not in starters and not subs:
            continue
        length = sum(game_periods(game))
        answer[game.pk] = minutes_from(starters.get(game.pk, []), _changes(game_events), length)
    return answer
