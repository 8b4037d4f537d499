"""The bridge between the database and the lineup solver.

The solver (the ``lineup`` package) knows nothing of Django. This module reads a
team's squad, next game and availability in a fixed number of queries, turns the
rows into the solver's frozen dataclasses, and hands back what the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.utils import timezone

import lineup
from lineup.formations import formation_for
from lineup.solver import Pick, best_lineup

from .models import Answer, Availability, Game, Player, PlayerPosition, Team
from .reasons import reason_sentence

#: ``team_lineup(game=…)`` not given: it reads the next game itself.
NOT_FETCHED = object()


@dataclass(frozen=True)
class TeamLineup:
    """Everything the lineup page shows, already computed."""

    team: Team
    size: int
    game: Game | None
    result: lineup.solver.Lineup
    players: dict[str, Player]
    answers: dict[str, str] = field(default_factory=dict)
    left_out: tuple[tuple[Player, str], ...] = ()
    #: Whether reasons may cite ratings and compare team-mates (not for junior
    #: players seen from outside the club).
    with_ratings: bool = True
    #: The newest answer's time (Last-Modified), read with the answers.
    answered_at: dt.datetime | None = None

    @property
    def shortfall(self) -> int:
        return self.result.shortfall

    @property
    def explained(self) -> list[tuple[Pick, str]]:
        """Each pick with its reason as a sentence, in the active language."""
        return [
            (pick, reason_sentence(pick, with_ratings=self.with_ratings))
            for pick in self.result.picks
        ]

    @property
    def maybe_keys(self) -> frozenset[str]:
        return frozenset(k for k, a in self.answers.items() if a == Answer.MAYBE)

    @property
    def markers(self) -> list[Marker]:
        return pitch_markers(self)


#: The player columns the pages use, and each rating's: one row per (player, rating).
_PLAYER_FIELDS = [f.attname for f in Player._meta.concrete_fields]
_POSITION_FIELDS = [f.attname for f in PlayerPosition._meta.concrete_fields]


def squad_of(team: Team) -> list[Player]:
    """The team's active players with their positions: one query, whatever the size.

    A LEFT JOIN of players and their ratings, turned into ``Player`` rows whose
    ``positions.all()`` is already filled (as ``prefetch_related`` would, with a query
    fewer and no model instance built twice).
    """
    rating_columns = [f"positions__{name}" for name in _POSITION_FIELDS]
    rows = (
        team.active_players().order_by("number", "pk").values_list(*_PLAYER_FIELDS, *rating_columns)
    )
    width = len(_PLAYER_FIELDS)
    squad: list[Player] = []
    ratings: dict[int, list[PlayerPosition]] = {}
    for row in rows:
        pk = row[0]
        if pk not in ratings:
            player = Player.from_db("default", _PLAYER_FIELDS, row[:width])
            player.team = team
            squad.append(player)
            ratings[pk] = []
        if row[width] is not None:
            position = PlayerPosition.from_db("default", _POSITION_FIELDS, row[width:])
            ratings[pk].append(position)
    for player in squad:
        positions = player.positions.all()
        positions._result_cache = ratings[player.pk]
        positions._prefetch_done = True  # type: ignore[attr-defined]
        player._prefetched_objects_cache = {"positions": positions}  # type: ignore[attr-defined]
    return squad


def as_solver_player(player: Player) -> lineup.model.Player:
    return lineup.model.Player(
        key=str(player.pk),
        name=player.name,
        number=player.number,
        ratings={p.position: p.rating for p in player.positions.all()},
        fit=player.fit,
    )


def team_lineup(
    team: Team,
    size: int,
    *,
    squad: list[Player] | None = None,
    now: dt.datetime | None = None,
    pinned: Collection[str] = frozenset(),
    locked: Mapping[str, int] | None = None,
    excluded: Collection[str] = frozenset(),
    game: Game | object | None = NOT_FETCHED,
) -> TeamLineup:
    """The best lineup of ``size`` for the team's next game (or, with none, its fit players).

    Players who answered "no" never appear; "maybe" counts as the team decides
    (``Team.count_maybe``); unfit players stay out.

    ``pinned``, ``locked`` and ``excluded`` are the coach's choices (player pks
    as strings; ``locked`` maps to a slot index), passed to the solver as
    constraints. A pin or lock overrides a "no" or "maybe" answer (the coach
    knows better), but not an injury or a player outside the squad: those
    raise :class:`lineup.solver.LineupConstraintError`, which
    :func:`clubs.reasons.constraint_message` words for the coach.

    ``game``: the next game when the caller has read it already
    (``clubs.stamps.lineup_depends``).
    """
    squad = squad_of(team) if squad is None else squad
    if not isinstance(game, Game | None):
        game = team.next_game(now or timezone.now())
    answers: dict[str, str] = {}
    answered_at: dt.datetime | None = None
    if game is not None:
        for player_id, answer, at in Availability.objects.filter(game=game).values_list(
            "player_id", "answer", "updated_at"
        ):
            answers[str(player_id)] = answer
            answered_at = at if answered_at is None or at > answered_at else answered_at
    not_counted = {Answer.NO} | (set() if team.count_maybe else {Answer.MAYBE})
    chosen = set(pinned) | set(locked or {})
    left_out: list[tuple[Player, str]] = []
    available: set[str] = set()
    for player in squad:
        key = str(player.pk)
        if not player.fit:
            left_out.append((player, "injured"))
        elif answers.get(key) in not_counted and key not in chosen:
            left_out.append((player, answers[key]))
        else:
            available.add(key)
    formation = formation_for(team.sport, size, key=team.formation or None)
    result = best_lineup(
        [as_solver_player(p) for p in squad],
        formation,
        available,
        pinned=pinned,
        locked=locked,
        excluded=excluded,
    )
    by_key = {str(p.pk): p for p in squad}
    left_out += [(by_key[p.key], "coach") for p in result.excluded]
    return TeamLineup(
        team=team,
        size=size,
        game=game,
        result=result,
        players={str(p.pk): p for p in squad},
        answers=answers,
        left_out=tuple(left_out),
        answered_at=answered_at,
    )


@dataclass(frozen=True)
class Marker:
    """One shirt on the pitch drawing, in SVG user units."""

    cx: float
    cy: float
    number: str
    name: str
    position: str
    label: str
    empty: bool
    maybe: bool


#: The drawing is portrait (phones), 68 × 105 like a football pitch.
PITCH_WIDTH, PITCH_HEIGHT, PITCH_MARGIN = 68.0, 105.0, 6.0


def pitch_markers(team_lineup: TeamLineup) -> list[Marker]:
    """Where each pick goes on the drawing: own goal at the bottom, attack at the top."""
    markers = []
    usable_w = PITCH_WIDTH - 2 * PITCH_MARGIN
    usable_h = PITCH_HEIGHT - 2 * PITCH_MARGIN
    for pick in team_lineup.result.picks:
        slot, player = pick.slot, pick.player
        markers.append(
            Marker(
                cx=round(PITCH_MARGIN + slot.x / 100 * usable_w, 2),
                cy=round(PITCH_HEIGHT - PITCH_MARGIN - slot.y / 100 * usable_h, 2),
                number=str(player.number) if player else "?",
                name=_short_name(player.name) if player else "",
                position=slot.position or "",
                label=slot.label,
                empty=player is None,
                maybe=player is not None and team_lineup.answers.get(player.key) == Answer.MAYBE,
            )
        )
    return markers


def _short_name(name: str) -> str:
    """The surname, cut to fit under a shirt on a phone screen."""
    last = name.split()[-1] if name.split() else name
    return last if len(last) <= 10 else last[:9] + "…"
