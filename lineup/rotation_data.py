"""The rotation planner's plain data: problem, rules, plan, certificate, diagnosis.

Frozen dataclasses only; the integer program is in :mod:`lineup.rotation_milp`
and the entry point, :func:`lineup.rotation.plan_rotation`, in
:mod:`lineup.rotation`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .model import Slot

#: Bumped whenever a change could give a different plan for the same data.
ROTATION_VERSION = "3"

MAX_PLAYERS = 40
MAX_PERIODS = 16
MAX_SLOTS = 30

#: Position codes that count as keeping goal for the keeper limit.
KEEPER_POSITIONS = frozenset({"GK", "G"})

#: The rules in the order the diagnosis tries relaxing them (most specific first).
#: ``keeper`` is the limit of periods in goal, ``keeper_changes`` the policy of
#: when the keeper may change, ``keeper_eligible`` "only rated or allowed keepers".
RULE_NAMES = (
    "keeper",
    "keeper_changes",
    "keeper_eligible",
    "bench",
    "full_half",
    "min_share",
    "forbidden",
)

Status = Literal["optimal", "time_limit", "infeasible"]

#: When the keeper may change: at any break, only at the half-time break
#: (:func:`half_time_break`), or never. A re-plan may always change the keeper
#: at its first break (the keeper may be the one who got hurt).
KeeperChanges = Literal["any_period", "half_time", "never"]
KEEPER_CHANGES: tuple[KeeperChanges, ...] = ("any_period", "half_time", "never")

#: The order of the objective after the spread and the rules:
#: ``fewest_changes`` — fewest keeper changes, substitutions, position moves,
#: then strength; ``strongest_first`` — strength, then those changes.
Priority = Literal["fewest_changes", "strongest_first"]
PRIORITIES: tuple[Priority, ...] = ("fewest_changes", "strongest_first")


def default_keeper_changes(sport: str) -> KeeperChanges:
    """The sport's preset: football, futsal and ice hockey change keepers at half-time."""
    return "half_time" if sport in {"football", "futsal", "ice_hockey"} else "any_period"


def share_minutes(share: float, minutes: int) -> int:
    """The minutes a share of ``minutes`` asks for, rounded up (what every check uses)."""
    return math.ceil(share * minutes - 1e-9)


@dataclass(frozen=True, slots=True)
class Ledger:
    """A player's season so far: what the next plan should balance."""

    games: int = 0
    minutes: int = 0
    periods: int = 0
    bench_periods: int = 0
    positions: Mapping[str, int] = field(default_factory=dict)

    @property
    def bench_share(self) -> float:
        total = self.periods + self.bench_periods
        return self.bench_periods / total if total else 0.0


@dataclass(frozen=True, slots=True)
class RotationPlayer:
    """A player as the planner sees them.

    ``ratings`` as in :class:`lineup.model.Player` (a position missing from the
    map can still be played, out of position, for no rating). ``available``
    holds the period indexes the player is there for (``None``: all of them):
    a late arrival starts later, an injured player stops.
    """

    key: str
    name: str
    number: int
    ratings: Mapping[str, int] = field(default_factory=dict)
    ledger: Ledger = field(default_factory=Ledger)
    available: frozenset[int] | None = None

    def rating_for(self, position: str | None) -> int:
        if position is None:
            return max(self.ratings.values(), default=0)
        return self.ratings.get(position, 0)

    def is_available(self, period: int) -> bool:
        return self.available is None or period in self.available


@dataclass(frozen=True, slots=True)
class Rules:
    """A team's playing-time rules; ``None`` switches a rule off."""

    #: Every player's minutes at least this share of the game (0–1).
    min_share: float | None = None
    #: At most this many periods in a row on the bench.
    max_consecutive_bench: int | None = None
    #: A keeper keeps goal in at most this many periods.
    keeper_max_periods: int | None = None
    #: Every player plays at least one half from start to end.
    full_half: bool = False
    #: Player key → positions that player may not play.
    forbidden: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: When the keeper may change (see :data:`KeeperChanges`).
    keeper_changes: KeeperChanges = "any_period"
    #: Players who may keep goal without a keeper rating.
    keepers_allowed: frozenset[str] = frozenset()
    #: Only players rated above 0 for the keeper position, or in
    #: ``keepers_allowed``, keep goal (off only when the diagnosis relaxes it).
    rated_keepers_only: bool = True
    #: See :data:`Priority`.
    priority: Priority = "fewest_changes"

    def without(self, rule: str) -> Rules:
        """These rules with ``rule`` (one of :data:`RULE_NAMES`) switched off."""
        changes: dict[str, dict[str, Any]] = {
            "keeper": {"keeper_max_periods": None},
            "keeper_changes": {"keeper_changes": "any_period"},
            "keeper_eligible": {"rated_keepers_only": False},
            "bench": {"max_consecutive_bench": None},
            "full_half": {"full_half": False},
            "min_share": {"min_share": None},
            "forbidden": {"forbidden": {}},
        }
        return replace(self, **changes[rule])

    def rated_keeper(self, player: RotationPlayer, position: str | None) -> bool:
        """Whether ``player`` is rated above 0 at ``position`` or allowed in goal."""
        return player.key in self.keepers_allowed or player.ratings.get(position or "", 0) > 0

    def may_keep(self, player: RotationPlayer, position: str | None) -> bool:
        """Whether ``player`` may keep goal at a keeper place of ``position``: not
        forbidden there, and rated or allowed (while that rule is on)."""
        if position in self.forbidden.get(player.key, frozenset()):
            return False
        return not self.rated_keepers_only or self.rated_keeper(player, position)


@dataclass(frozen=True, slots=True)
class RotationProblem:
    """One game to plan.

    ``locked`` holds the periods already played (for re-planning): for each,
    the player key in every slot, in slot order; they are kept as they are.
    ``first_period`` is the game's starting lineup (a player key per slot,
    ``None`` for a slot the planner fills): the plan's first period keeps it.
    """

    players: tuple[RotationPlayer, ...]
    slots: tuple[Slot, ...]
    period_minutes: tuple[int, ...]
    rules: Rules = field(default_factory=Rules)
    locked: tuple[tuple[str, ...], ...] = ()
    first_period: tuple[str | None, ...] | None = None

    @property
    def total_minutes(self) -> int:
        return sum(self.period_minutes)


@dataclass(frozen=True, slots=True)
class Break:
    """The changes at one break: who comes on where, who goes off, who moves."""

    on: tuple[tuple[str, int], ...]  # (player key, place)
    off: tuple[tuple[str, int], ...]  # (player key, place they leave)
    moves: tuple[tuple[str, int, int], ...]  # (player key, from place, to place)


@dataclass(frozen=True, slots=True)
class Certificate:
    """What the solver proved, stage by stage.

    ``spread`` is the plan's largest minus smallest minutes (among players not
    limited by availability); ``best_spread`` the smallest any plan can reach —
    equal to ``spread`` when ``status`` is ``optimal``, the solver's proven
    bound when the time limit stopped it.

    The other stages run in the order of ``priority``; each flag says whether
    that stage was proven best among the plans the earlier stages allow (false
    for games too large for the path program, or when it could not finish in
    time: the plan is then improved window by window, or kept as it was).
    """

    status: Status
    spread: int
    best_spread: int
    low: int
    high: int
    seconds: float
    #: Fewest substitutions (players coming on at the breaks).
    fewest_substitutions: bool = True
    #: Strongest positions, variety and ledger priority (the score).
    strongest: bool = True
    #: Fewest keeper changes.
    fewest_keeper_changes: bool = True
    #: Fewest position moves of players who stay on at a break.
    fewest_moves: bool = True
    priority: Priority = "fewest_changes"


@dataclass(frozen=True, slots=True)
class KeeperChange:
    """A new keeper at a break: ``off`` leaves goal, ``on`` takes over ``place``."""

    #: The period (0-based) the break follows.
    after: int
    place: int
    off: str
    on: str
    #: Whether the break is the half-time break (:func:`half_time_break`).
    half_time: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """Who plays which slot in each period, and what follows from it."""

    players: tuple[RotationPlayer, ...]
    slots: tuple[Slot, ...]
    period_minutes: tuple[int, ...]
    #: ``grid[t][s]`` is the key of the player in slot ``s`` during period ``t``.
    grid: tuple[tuple[str, ...], ...]
    certificate: Certificate
    #: Players whose availability keeps them below the common band (they play
    #: every minute they can).
    limited: frozenset[str] = frozenset()

    @property
    def minutes(self) -> dict[str, int]:
        out = {p.key: 0 for p in self.players}
        for t, row in enumerate(self.grid):
            for key in row:
                out[key] += self.period_minutes[t]
        return out

    def slot_of(self, key: str, period: int) -> int | None:
        row = self.grid[period]
        return row.index(key) if key in row else None

    @property
    def breaks(self) -> tuple[Break, ...]:
        """What changes at each break (between period t and t+1)."""
        out = []
        for before, after in zip(self.grid, self.grid[1:], strict=False):
            was = {key: s for s, key in enumerate(before)}
            now = {key: s for s, key in enumerate(after)}
            out.append(
                Break(
                    on=tuple((key, s) for s, key in enumerate(after) if key not in was),
                    off=tuple((key, s) for s, key in enumerate(before) if key not in now),
                    moves=tuple(
                        (key, was[key], s)
                        for s, key in enumerate(after)
                        if key in was and was[key] != s
                    ),
                )
            )
        return tuple(out)

    @property
    def substitutions(self) -> int:
        """Players coming on, over all breaks."""
        return sum(len(b.on) for b in self.breaks)

    @property
    def keeper_changes(self) -> tuple[KeeperChange, ...]:
        """Each break at which a keeper place gets a new player, in order."""
        half = half_time_break(self.period_minutes)
        out = []
        for t, (before, after) in enumerate(zip(self.grid, self.grid[1:], strict=False)):
            for s, slot in enumerate(self.slots):
                if slot.position in KEEPER_POSITIONS and before[s] != after[s]:
                    out.append(KeeperChange(t, s, before[s], after[s], half == t + 1))
        return tuple(out)

    @property
    def position_moves(self) -> int:
        """Players on the field on both sides of a break who change position."""
        kinds = [position_key(slot) for slot in self.slots]
        moves = 0
        for before, after in zip(self.grid, self.grid[1:], strict=False):
            was = {key: kinds[s] for s, key in enumerate(before)}
            moves += sum(1 for s, key in enumerate(after) if key in was and was[key] != kinds[s])
        return moves


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why no plan satisfies every rule, as data, and the closest plan.

    ``rule`` is a rule whose relaxation admits a plan (one of
    :data:`RULE_NAMES`), or ``first_period`` (the starting lineup), ``squad``
    (a period without enough players), ``several`` (no single rule),
    ``time``. ``code`` says which statement about it holds; ``facts`` are its
    numbers, ``players`` the player keys it cites; ``other_rules`` the rules
    that are on besides ``rule`` (a generic statement holds "alongside" them).
    """

    rule: str
    code: str
    closest: Plan | None
    facts: Mapping[str, int] = field(default_factory=dict)
    players: tuple[str, ...] = ()
    other_rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RotationResult:
    plan: Plan | None
    diagnosis: Diagnosis | None = None

    @property
    def feasible(self) -> bool:
        return self.plan is not None and self.diagnosis is None


def canonical(players: Iterable[RotationPlayer]) -> list[RotationPlayer]:
    return sorted(players, key=lambda p: (p.number, p.key))


def halves(periods: int) -> tuple[range, range]:
    """The two halves as period ranges (the middle period of an odd count is in neither)."""
    h = max(1, periods // 2)
    return range(0, h), range(periods - h, periods)


def half_time_break(period_minutes: tuple[int, ...]) -> int | None:
    """The period (0-based) that starts after the half-time break; ``None`` for one period.

    The break whose elapsed time is nearest half the game, the earlier of two
    equally near (3 × 15 minutes: after the first period).
    """
    total = sum(period_minutes)
    best: tuple[float, int] | None = None
    elapsed = 0
    for t, minutes in enumerate(period_minutes[:-1]):
        elapsed += minutes
        here = (abs(2 * elapsed - total), t + 1)
        best = here if best is None else min(best, here)
    return None if best is None else best[1]


def keeper_breaks(problem: RotationProblem) -> frozenset[int]:
    """The periods (0-based, ≥ 1) a new keeper may start, under the keeper policy.

    Only breaks after the played (locked) periods count; the first break of a
    re-plan is always allowed.
    """
    n, n_locked = len(problem.period_minutes), len(problem.locked)
    policy = problem.rules.keeper_changes
    if policy == "any_period":
        allowed = set(range(1, n))
    elif policy == "half_time":
        half = half_time_break(problem.period_minutes)
        allowed = set() if half is None else {half}
    else:
        allowed = set()
    if n_locked:
        allowed.add(n_locked)
    return frozenset(t for t in allowed if n_locked <= t < n)


def position_key(slot: Slot) -> tuple[str | None, str]:
    """Places of one position (the two centre backs) share a key; moving between them
    is no position move."""
    return slot.position, slot.label
