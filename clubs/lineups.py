"""The bridge between the database and the lineup solver.

The solver (the ``lineup`` package) knows nothing of Django. This module reads a
team's squad, next game and availability in a fixed number of queries, turns the
rows into the solver's frozen dataclasses, and hands back what the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils import timezone

import lineup
from lineup.formations import formation_for
from lineup.solver import Pick, best_lineup

from . import pitch_layout
from .models import Answer, Availability, Game, Player, PlayerPosition, Team
from .reasons import reason_sentence


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

    @cached_property
    def markers(self) -> list[Marker]:
        return pitch_markers(self)

    @property
    def maybe_on_pitch(self) -> bool:
        """Whether the drawing shows a dashed "said maybe" shirt (and so needs its legend)."""
        return any(m.maybe for m in self.markers)


def squad_of(team: Team) -> list[Player]:
    """The team's active players with their positions: two queries, whatever the size."""
    return list(
        team.active_players()
        .order_by("number", "pk")
        .prefetch_related(Prefetch("positions", queryset=PlayerPosition.objects.order_by()))
    )


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
    """
    squad = squad_of(team) if squad is None else squad
    game = team.next_game(now or timezone.now())
    answers: dict[str, str] = {}
    if game is not None:
        answers = {
            str(player_id): answer
            for player_id, answer in Availability.objects.filter(game=game).values_list(
                "player_id", "answer"
            )
        }
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
    )


@dataclass(frozen=True)
class Marker:
    """One shirt on the pitch drawing, in SVG user units (see :mod:`clubs.pitch_layout`).

    ``name_x``/``name_y``: where the name starts (its baseline), relative to the centre.
    """

    cx: float
    cy: float
    number: str
    name: str
    position: str
    label: str
    empty: bool
    maybe: bool
    name_x: float = 0.0
    name_y: float = 8.0


#: The drawing is portrait (phones), 68 × 105 like a football pitch.
PITCH_WIDTH, PITCH_HEIGHT, PITCH_MARGIN = (
    pitch_layout.WIDTH,
    pitch_layout.HEIGHT,
    pitch_layout.MARGIN,
)


def pitch_markers(team_lineup: TeamLineup) -> list[Marker]:
    """Where each pick goes on the drawing: own goal at the bottom, attack at the top;
    every shirt and name apart from the others and inside the lines."""
    picks = team_lineup.result.picks
    names = short_names([pick.player.name if pick.player else "" for pick in picks])
    texts = [
        name if pick.player else (pick.slot.position or "—")
        for name, pick in zip(names, picks, strict=True)
    ]
    placed, drawn = pitch_layout.layout([(pick.slot.x, pick.slot.y) for pick in picks], texts)
    markers = []
    for pick, spot, text in zip(picks, placed, drawn, strict=True):
        slot, player = pick.slot, pick.player
        markers.append(
            Marker(
                cx=spot.cx,
                cy=spot.cy,
                number=str(player.number) if player else "?",
                name=text,
                position=slot.position or "",
                label=slot.label,
                empty=player is None,
                maybe=player is not None and team_lineup.answers.get(player.key) == Answer.MAYBE,
                name_x=round(spot.label_x - spot.cx, 2),
                name_y=round(spot.label_y - spot.cy, 2),
            )
        )
    return markers


def short_names(names: list[str]) -> list[str]:
    """A short, unique name per shirt: the surname; "A. Okafor" where two share one;
    "Lena O." where the initials are shared too. A name already shortened for privacy
    ("Maya M.") stays as it is."""

    def surname(name: str) -> str:
        parts = name.split()
        if len(parts) > 1 and len(parts[-1]) <= 2 and parts[-1].endswith("."):
            return name  # first name and initial: the public form of a junior's name
        return parts[-1] if parts else name

    def initialled(name: str) -> str:
        parts = name.split()
        return f"{parts[0][0]}. {surname(name)}" if len(parts) > 1 else name

    def first_named(name: str) -> str:
        parts = name.split()
        return f"{parts[0]} {surname(name)[0]}." if len(parts) > 1 else name

    short = [surname(n) for n in names]
    for step in (initialled, first_named, str):
        counts: dict[str, int] = {}
        for s in short:
            counts[s] = counts.get(s, 0) + 1
        short = [step(n) if s and counts[s] > 1 else s for n, s in zip(names, short, strict=True)]
    return short
