"""The rotation planner's plain data: problem, rules, plan, certificate, diagnosis.

Frozen dataclasses only; the integer program is in :mod:`lineup.rotation_milp`
and the entry point, :func:`lineup.rotation.plan_rotation`, in
:mod:`lineup.rotation`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .model import Slot

#: Bumped whenever a change could give a different plan for the same data.
ROTATION_VERSION = "2"

MAX_PLAYERS = 40
MAX_PERIODS = 16
MAX_SLOTS = 30

#: Position codes that count as keeping goal for the keeper limit.
KEEPER_POSITIONS = frozenset({"GK", "G"})

#: The rules in the order the diagnosis tries relaxing them (most specific first).
RULE_NAMES = ("keeper", "bench", "full_half", "min_share", "forbidden")

Status = Literal["optimal", "time_limit", "infeasible"]


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

    def without(self, rule: str) -> Rules:
        """These rules with ``rule`` (one of :data:`RULE_NAMES`) switched off."""
        changes: dict[str, dict[str, Any]] = {
            "keeper": {"keeper_max_periods": None},
            "bench": {"max_consecutive_bench": None},
            "full_half": {"full_half": False},
            "min_share": {"min_share": None},
            "forbidden": {"forbidden": {}},
        }
        return replace(self, **changes[rule])


@dataclass(frozen=True, slots=True)
class RotationProblem:
    """One game to plan.

    ``locked`` holds the periods already played (for re-planning): for each,
    the player key in every slot, in slot order; they are kept as they are.
    """

    players: tuple[RotationPlayer, ...]
    slots: tuple[Slot, ...]
    period_minutes: tuple[int, ...]
    rules: Rules = field(default_factory=Rules)
    locked: tuple[tuple[str, ...], ...] = ()

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
    """What the solver proved.

    ``spread`` is the plan's largest minus smallest minutes (among players not
    limited by availability); ``best_spread`` the smallest any plan can reach —
    equal to ``spread`` when ``status`` is ``optimal``, the solver's proven
    bound when the time limit stopped it.
    """

    status: Status
    spread: int
    best_spread: int
    low: int
    high: int
    seconds: float
    #: Whether stage 3 proved no equally fair and strong plan has fewer changes
    #: (false for games too large for it, or when it could not finish in time:
    #: the stage-2 plan is then kept as it is).
    fewest_substitutions: bool = True
    #: Whether stage 2 (ratings, variety, ledger priority) was solved to the end.
    strongest: bool = True

    @property
    def sentence(self) -> str:
        if self.low == self.high:
            played = f"everyone plays {self.low} minutes"
        else:
            played = f"everyone plays between {self.low} and {self.high} minutes"
        if self.status == "optimal":
            return f"{played}; no plan can do better."
        return (
            f"{played}; the time limit stopped the search, and no plan can have a "
            f"spread below {self.best_spread} minutes."
        )


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
        """Players coming on, over all breaks (what stage 3 minimises)."""
        return sum(len(b.on) for b in self.breaks)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why no plan satisfies every rule, and the closest plan."""

    rule: str
    reason: str
    closest: Plan | None
    #: The numbers behind ``reason``, for front ends that word it themselves.
    facts: Mapping[str, int] = field(default_factory=dict)


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
