"""The bridge between the database and the lineup solver.

The solver (the ``lineup`` package) knows nothing of Django. This module reads a
team's squad, next game and availability in a fixed number of queries, turns the
rows into the solver's frozen dataclasses, and hands back what the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

import lineup
from lineup.formations import formation_for
from lineup.solver import Pick, best_lineup

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
    #: Seen from outside the club with junior players in the squad
    #: (``clubs.privacy.redact_lineup``): ``names`` holds their shown names by key.
    private: bool = False
    names: Mapping[str, str] = field(default_factory=dict)

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
    def absent(self) -> list[tuple[int, str, str]]:
        """Who is not playing: shirt number, shown name and why ("" when private)."""
        return [
            (p.number, self.names.get(str(p.pk), p.name), "" if self.private else why)
            for p, why in self.left_out
        ]

    @property
    def maybe_keys(self) -> frozenset[str]:
        return frozenset(k for k, a in self.answers.items() if a == Answer.MAYBE)

    @property
    def markers(self) -> list[Marker]:
        return pitch_markers(self)


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
                name=_marker_name(player.name, team_lineup.private) if player else "",
                position=slot.position or "",
                label=slot.label,
                empty=player is None,
                maybe=player is not None and team_lineup.answers.get(player.key) == Answer.MAYBE,
            )
        )
    return markers


def _marker_name(name: str, private: bool) -> str:
    """The surname (or, seen from outside the club, the shown name: “Emma J.”), cut to
    fit under a shirt on a phone screen."""
    # The shirt shows the number: "Emma J. (No. 4)" needs no "(No. 4)" under it.
    short = name.split(" (")[0] if private else (name.split()[-1] if name.split() else name)
    return short if len(short) <= 10 else short[:9] + "…"
