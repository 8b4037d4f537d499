"""The fair-play rotation planner: who plays where in every period of a game.

An exact integer program solved with :func:`scipy.optimize.milp` (HiGHS), in
three lexicographic stages (the model is written up in ``docs/rotation.md``):

1. the smallest **spread** of playing time (largest minus smallest minutes)
   that the team's rules allow;
2. with that spread fixed, the strongest and most varied positions, minutes
   going first to the players the season ledger shows sat more;
3. with that fixed too, the fewest substitutions.

The answer carries a certificate: the spread found, the best spread any plan
could reach (proved by the solver's bound), and whether the time limit cut
the search short. When the rules cannot all hold, the planner names the rule
that breaks, says why in one sentence, and returns the closest plan with that
rule relaxed.

Players are sorted canonically (shirt number, then key) before the model is
built, and HiGHS is deterministic for a given model, so the same inputs always
give the same plan whatever order the caller passes them in.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .model import Slot

#: Bumped whenever a change could give a different plan for the same data.
ROTATION_VERSION = "1"

MAX_PLAYERS = 40
MAX_PERIODS = 16
MAX_SLOTS = 15

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
class Change:
    """One slot's change of player at a break (``off`` ``None``: nobody left it)."""

    slot: int
    off: str | None
    on: str


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
    #: Whether stage 3 proved no equally fair and strong plan has fewer changes.
    fewest_substitutions: bool = True

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
    def changes(self) -> tuple[tuple[Change, ...], ...]:
        """For each break (between period t and t+1), the slots whose player changes."""
        out = []
        for before, after in zip(self.grid, self.grid[1:], strict=False):
            on_before = set(before)
            row = tuple(
                Change(slot=s, off=before[s] if before[s] not in after else None, on=key)
                for s, key in enumerate(after)
                if key not in on_before
            )
            out.append(row)
        return tuple(out)

    @property
    def substitutions(self) -> int:
        return sum(len(c) for c in self.changes)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why no plan satisfies every rule, and the closest plan."""

    rule: str
    reason: str
    closest: Plan | None


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


def plan_rotation(
    problem: RotationProblem, *, time_limit: float = 2.0, substitution_seconds: float = 0.3
) -> RotationResult:
    """The fairest plan for ``problem`` under its rules, or a diagnosis.

    ``time_limit`` bounds the whole search; the substitution tie-break (stage
    3) gets at most ``substitution_seconds`` of it, and the certificate says
    whether it finished.

    Raises :class:`ValueError` for inputs past the bounds, duplicate keys, or
    locked periods that do not match the slots and players.
    """
    start = time.perf_counter()
    problem = replace(problem, players=tuple(canonical(problem.players)))
    _validate(problem)
    short = _short_period(problem)
    if short is not None:
        t, have = short
        return RotationResult(
            plan=None,
            diagnosis=Diagnosis(
                rule="squad",
                reason=(
                    f"Period {t + 1} has {have} players available for {len(problem.slots)} places."
                ),
                closest=None,
            ),
        )
    deadline = start + time_limit
    try:
        plan = _solve(problem, deadline, start, substitution_seconds)
    except _OutOfTime:
        return RotationResult(
            plan=None,
            diagnosis=Diagnosis(
                rule="time",
                reason=f"No plan was found within the time limit of {time_limit:g} seconds.",
                closest=None,
            ),
        )
    if plan is not None:
        return RotationResult(plan=plan)
    for rule in RULE_NAMES:
        relaxed = replace(problem, rules=problem.rules.without(rule))
        if relaxed.rules == problem.rules:
            continue
        closest = _closest(relaxed, deadline, start, substitution_seconds)
        if closest is not None:
            return RotationResult(
                plan=None,
                diagnosis=Diagnosis(rule=rule, reason=_why(problem, rule), closest=closest),
            )
    bare = replace(problem, rules=Rules())
    closest = _closest(bare, deadline, start, substitution_seconds)
    return RotationResult(
        plan=None,
        diagnosis=Diagnosis(
            rule="several",
            reason="No single rule can be relaxed to make a plan; the rules clash together.",
            closest=closest,
        ),
    )


def _validate(problem: RotationProblem) -> None:
    players, slots, periods = problem.players, problem.slots, problem.period_minutes
    if not slots:
        raise ValueError("A rotation needs at least one place on the field.")
    if len(players) > MAX_PLAYERS:
        raise ValueError(f"A squad of {len(players)} is more than {MAX_PLAYERS} players.")
    if len(slots) > MAX_SLOTS:
        raise ValueError(f"{len(slots)} places is more than {MAX_SLOTS}.")
    if not 1 <= len(periods) <= MAX_PERIODS:
        raise ValueError(f"A game has 1 to {MAX_PERIODS} periods, not {len(periods)}.")
    if any(m < 1 or m > 200 for m in periods):
        raise ValueError("Every period lasts between 1 and 200 minutes.")
    if len({p.key for p in players}) != len(players):
        raise ValueError("Every player needs a distinct key.")
    share = problem.rules.min_share
    if share is not None and not 0 <= share <= 1:
        raise ValueError("The minimum share is between 0 and 1.")
    keys = {p.key for p in players}
    if len(problem.locked) > len(periods):
        raise ValueError("More locked periods than periods.")
    for row in problem.locked:
        if len(row) != len(slots) or len(set(row)) != len(row) or not set(row) <= keys:
            raise ValueError("A locked period must name one known player per place.")


def _short_period(problem: RotationProblem) -> tuple[int, int] | None:
    for t in range(len(problem.locked), len(problem.period_minutes)):
        have = sum(1 for p in problem.players if p.is_available(t))
        if have < len(problem.slots):
            return t, have
    return None


def _achievable(problem: RotationProblem, p: RotationPlayer) -> int:
    """The most minutes ``p`` can still end the game with."""
    total = 0
    for t, minutes in enumerate(problem.period_minutes):
        if t < len(problem.locked):
            total += minutes if p.key in problem.locked[t] else 0
        elif p.is_available(t):
            total += minutes
    return total


def _present(problem: RotationProblem, p: RotationPlayer, t: int) -> bool:
    """Whether ``p`` can be on the field in period ``t`` (or was, for locked periods)."""
    if t < len(problem.locked):
        return p.key in problem.locked[t] or p.is_available(t)
    return p.is_available(t)


class _Model:
    """The integer program's variables and constraints, built once per problem."""

    def __init__(self, problem: RotationProblem) -> None:
        self.problem = problem
        players, slots, minutes = problem.players, problem.slots, problem.period_minutes
        n_locked = len(problem.locked)
        forbidden = problem.rules.forbidden
        self.total = problem.total_minutes
        # x variables: (player, slot, period) triples that may be 1.
        self.x: list[tuple[int, int, int]] = []
        lower: list[float] = []
        for t in range(len(minutes)):
            for s, slot in enumerate(slots):
                for i, p in enumerate(players):
                    if t < n_locked:
                        if problem.locked[t][s] == p.key:
                            self.x.append((i, s, t))
                            lower.append(1)
                        continue
                    if not p.is_available(t):
                        continue
                    if slot.position is not None and slot.position in forbidden.get(
                        p.key, frozenset()
                    ):
                        continue
                    self.x.append((i, s, t))
                    lower.append(0)
        self.nx = len(self.x)
        self.n_players = len(players)
        self.n_periods = len(minutes)
        self.achievable = [_achievable(problem, p) for p in players]
        self.limited = [a < self.total for a in self.achievable]
        # Further variables, after x: low, high, z (one per limited player),
        # half choices (two per player, when the rule is on), entries e[p, t].
        idx = self.nx
        self.low, self.high = idx, idx + 1
        idx += 2
        self.z: dict[int, int] = {}
        for i, lim in enumerate(self.limited):
            if lim:
                self.z[i] = idx
                idx += 1
        self.half: dict[tuple[int, int], int] = {}
        if problem.rules.full_half:
            for i, p in enumerate(players):
                for h, rng in enumerate(halves(self.n_periods)):
                    if all(_present(problem, p, t) for t in rng):
                        self.half[(i, h)] = idx
                        idx += 1
        self.entry: dict[tuple[int, int], int] = {}
        for i in range(self.n_players):
            for t in range(1, self.n_periods):
                self.entry[(i, t)] = idx
                idx += 1
        self.n = idx
        lb = np.zeros(self.n)
        ub = np.ones(self.n)
        lb[: self.nx] = lower
        ub[self.low] = ub[self.high] = self.total
        self.bounds = Bounds(lb, ub)
        self.integrality = np.zeros(self.n)
        self.integrality[: self.nx] = 1
        for v in self.z.values():
            self.integrality[v] = 1
        for v in self.half.values():
            self.integrality[v] = 1
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self._build()

    def _row(self, coef: dict[int, float], lo: float, hi: float) -> None:
        self.rows.append((coef, lo, hi))

    def _on(self) -> dict[tuple[int, int], list[int]]:
        on: dict[tuple[int, int], list[int]] = {}
        for v, (i, _s, t) in enumerate(self.x):
            on.setdefault((i, t), []).append(v)
        return on

    def _build(self) -> None:
        problem, rules = self.problem, self.problem.rules
        minutes = problem.period_minutes
        by_slot: dict[tuple[int, int], list[int]] = {}
        for v, (_i, s, t) in enumerate(self.x):
            by_slot.setdefault((s, t), []).append(v)
        self.on = on = self._on()
        inf = np.inf
        # Every place in every period is filled by exactly one player.
        for t in range(self.n_periods):
            for s in range(len(problem.slots)):
                self._row({v: 1 for v in by_slot.get((s, t), [])}, 1, 1)
        # A player is in at most one place at a time.
        for vs in on.values():
            if len(vs) > 1:
                self._row({v: 1 for v in vs}, -inf, 1)
        share_minimum = (
            math.ceil(rules.min_share * self.total - 1e-9) if rules.min_share is not None else 0
        )
        for i in range(self.n_players):
            played = {
                v: float(minutes[self.x[v][2]])
                for t in range(self.n_periods)
                for v in on.get((i, t), [])
            }
            # minutes ≤ high
            self._row({**played, self.high: -1}, -inf, 0)
            if i in self.z:
                # Either minutes ≥ low, or (z = 1) every achievable minute is played.
                self._row({**played, self.low: -1, self.z[i]: self.total}, 0, inf)
                self._row({**played, self.z[i]: -float(self.achievable[i])}, 0, inf)
            else:
                self._row({**played, self.low: -1}, 0, inf)
            if share_minimum:
                self._row(played, min(share_minimum, self.achievable[i]), inf)
        player_list = self.problem.players
        if rules.max_consecutive_bench is not None:
            k = rules.max_consecutive_bench
            n_locked = len(problem.locked)
            for i, p in enumerate(player_list):
                for t0 in range(0, self.n_periods - k):
                    window = range(t0, t0 + k + 1)
                    if window[-1] < n_locked:
                        continue
                    if not all(_present(problem, p, t) for t in window):
                        continue
                    self._row({v: 1 for t in window for v in on.get((i, t), [])}, 1, inf)
        if rules.keeper_max_periods is not None:
            keeper_slots = {
                s for s, slot in enumerate(problem.slots) if slot.position in KEEPER_POSITIONS
            }
            for i in range(self.n_players):
                vs = [v for v, (j, s, _t) in enumerate(self.x) if j == i and s in keeper_slots]
                if vs:
                    self._row({v: 1 for v in vs}, -inf, rules.keeper_max_periods)
        if rules.full_half:
            parts = halves(self.n_periods)
            for i in range(self.n_players):
                chosen = [self.half[(i, h)] for h in range(2) if (i, h) in self.half]
                if not chosen:
                    continue  # present for no whole half: exempt
                self._row({c: 1 for c in chosen}, 1, inf)
                for h in range(2):
                    if (i, h) not in self.half:
                        continue
                    for t in parts[h]:
                        self._row(
                            {**{v: 1 for v in on.get((i, t), [])}, self.half[(i, h)]: -1},
                            0,
                            inf,
                        )
        # Entries: e[p, t] ≥ on[p, t] − on[p, t−1].
        for (i, t), e in self.entry.items():
            coef: dict[int, float] = {e: 1}
            for v in on.get((i, t), []):
                coef[v] = coef.get(v, 0) - 1
            for v in on.get((i, t - 1), []):
                coef[v] = coef.get(v, 0) + 1
            self._row(coef, 0, inf)

    def constraints(self, extra: Sequence[tuple[np.ndarray, float, float]] = ()) -> Any:
        data: list[float] = []
        rr: list[int] = []
        cc: list[int] = []
        lo: list[float] = []
        hi: list[float] = []
        for r, (coef, a, b) in enumerate(self.rows):
            for c, val in coef.items():
                rr.append(r)
                cc.append(c)
                data.append(val)
            lo.append(a)
            hi.append(b)
        matrix = coo_array((data, (rr, cc)), shape=(len(self.rows), self.n)).tocsr()
        out = [LinearConstraint(matrix, np.array(lo), np.array(hi))]
        for vector, a, b in extra:
            out.append(LinearConstraint(vector.reshape(1, -1), a, b))
        return out

    def spread_objective(self) -> np.ndarray:
        c = np.zeros(self.n)
        c[self.high] = 1
        c[self.low] = -1
        return c

    def quality_objective(self) -> np.ndarray:
        """Stage 2, to maximise: integer points for rating, variety and ledger priority."""
        c = np.zeros(self.n)
        players, slots, minutes = (
            self.problem.players,
            self.problem.slots,
            self.problem.period_minutes,
        )
        for v, (i, s, t) in enumerate(self.x):
            p, position = players[i], slots[s].position
            rating = p.rating_for(position)
            seen = sum(p.ledger.positions.values())
            variety = 0
            if seen and position is not None:
                variety = round(10 * (1 - p.ledger.positions.get(position, 0) / seen))
            priority = round(20 * p.ledger.bench_share)
            c[v] = minutes[t] * (rating + variety + priority)
        return c

    def change_objective(self) -> np.ndarray:
        """Stage 3, to minimise: players coming on at the breaks."""
        c = np.zeros(self.n)
        for e in self.entry.values():
            c[e] = 1
        return c

    def grid(self, values: np.ndarray) -> tuple[tuple[str, ...], ...]:
        keys = [p.key for p in self.problem.players]
        rows = [[""] * len(self.problem.slots) for _ in range(self.n_periods)]
        for v, (i, s, t) in enumerate(self.x):
            if values[v] > 0.5:
                rows[t][s] = keys[i]
        return tuple(tuple(r) for r in rows)


def _run(
    model: _Model,
    c: np.ndarray,
    extra: Sequence[tuple[np.ndarray, float, float]],
    left: float,
    band: tuple[int, int] | None = None,
) -> Any:
    bounds = model.bounds
    if band is not None:
        lb, ub = bounds.lb.copy(), bounds.ub.copy()
        lb[model.low] = ub[model.low] = band[0]
        lb[model.high] = ub[model.high] = band[1]
        bounds = Bounds(lb, ub)
    return milp(
        c,
        constraints=model.constraints(extra),
        integrality=model.integrality,
        bounds=bounds,
        options={"time_limit": max(left, 0.05), "mip_rel_gap": 0.0, "presolve": True},
    )


def _subset_sums(values: Iterable[int]) -> set[int]:
    sums = {0}
    for v in values:
        sums |= {s + v for s in sums}
    return sums


def _minute_options(problem: RotationProblem) -> list[set[int]]:
    """For each player, every total of minutes some plan could give them."""
    n_locked = len(problem.locked)
    share = problem.rules.min_share
    floor = math.ceil(share * problem.total_minutes - 1e-9) if share is not None else 0
    out = []
    for p in problem.players:
        fixed = sum(
            m for t, m in enumerate(problem.period_minutes[:n_locked]) if p.key in problem.locked[t]
        )
        free = [
            m for t, m in enumerate(problem.period_minutes) if t >= n_locked and p.is_available(t)
        ]
        options = {fixed + s for s in _subset_sums(free)}
        most = max(options)
        out.append({v for v in options if v >= min(floor, most)})
    return out


def _bands(problem: RotationProblem, model: _Model) -> list[tuple[int, int]]:
    """Every (low, high) band the minutes could sum up within, narrowest first.

    A counting argument: all places are filled in every period, so the
    players' minutes add up to places × game minutes exactly; a band is only
    worth asking the integer program about if some choice of one reachable
    total per player adds up to that. This is what proves most spreads
    impossible at once, without the solver fighting the symmetry of players.
    """
    options = _minute_options(problem)
    target = len(problem.slots) * problem.total_minutes
    values = sorted(set().union(*options)) if options else [0]
    if len(values) > 80:
        return []  # too many distinct totals to enumerate: leave stage 1 to the solver
    pairs = sorted(
        ((lo, hi) for lo in values for hi in values if hi >= lo), key=lambda b: (b[1] - b[0], b[0])
    )
    out = []
    for lo, hi in pairs:
        reach = np.zeros(target + 1, dtype=bool)
        reach[0] = True
        for i, opts in enumerate(options):
            allowed = [v for v in opts if lo <= v <= hi]
            if model.limited[i] and model.achievable[i] < lo:
                allowed.append(model.achievable[i])
            nxt = np.zeros_like(reach)
            for v in allowed:
                if v <= target:
                    nxt[v:] |= reach[: target + 1 - v]
            reach = nxt
            if not reach.any():
                break
        if reach[target]:
            out.append((lo, hi))
    return out


def _closest(
    problem: RotationProblem, deadline: float, start: float, substitution_seconds: float
) -> Plan | None:
    """A plan under relaxed rules, given at least half a second more."""
    try:
        return _solve(
            problem, max(deadline, time.perf_counter() + 0.5), start, substitution_seconds
        )
    except _OutOfTime:
        return None


class _OutOfTime(Exception):
    """The time limit ran out before any plan was found."""


def _solve(
    problem: RotationProblem, deadline: float, start: float, substitution_seconds: float
) -> Plan | None:
    """The three stages; ``None`` when the rules admit no plan."""
    model = _Model(problem)
    quality = model.quality_objective()
    bands = _bands(problem, model)
    # One feasibility check first, so that a rule set no plan meets costs one
    # solve rather than one per band.
    check = _run(model, np.zeros(model.n), [], deadline - time.perf_counter())
    if check.x is None:
        if check.status == 1:
            raise _OutOfTime
        return None
    timed_out = False
    best: Any = None
    spread = bound = 0
    if bands:
        # Stage 1 by enumeration: the narrowest band the program can meet.
        found_spread: int | None = None
        unproven: int | None = None  # the narrowest band the time limit left open
        for lo, hi in bands:
            if found_spread is not None and hi - lo > found_spread:
                break
            res = _run(model, -quality, [], deadline - time.perf_counter(), band=(lo, hi))
            if res.x is None:
                if res.status == 1 and unproven is None:
                    unproven = hi - lo
                continue
            timed_out = timed_out or res.status != 0
            if best is None or float(quality @ res.x) > float(quality @ best) + 0.5:
                best = res.x
            found_spread = hi - lo
        if best is None or found_spread is None:
            raise _OutOfTime
        spread = found_spread
        bound = spread if unproven is None else min(unproven, spread)
    else:
        first = _run(model, model.spread_objective(), [], deadline - time.perf_counter())
        if first.x is None:
            raise _OutOfTime
        timed_out = first.status != 0
        spread = round(first.fun)
        bound = spread
        if timed_out:
            dual = getattr(first, "mip_dual_bound", None)
            bound = max(0, math.ceil((dual if dual is not None else 0) - 1e-6))
        keep_spread = (model.spread_objective(), -np.inf, spread + 0.5)
        second = _run(model, -quality, [keep_spread], deadline - time.perf_counter())
        best = first.x
        if second.x is not None:
            best = second.x
            timed_out = timed_out or second.status != 0
    # Stage 3: the fewest substitutions among plans as fair and as strong.
    lo_b, hi_b = round(best[model.low]), round(best[model.high])
    keep_quality = (quality, float(quality @ best) - 0.5, np.inf)
    # Its relaxation is weak (players spread thinly over all periods count no
    # changes), so this tie-break gets its own small budget.
    third = _run(
        model,
        model.change_objective(),
        [keep_quality],
        min(deadline - time.perf_counter(), substitution_seconds),
        band=(lo_b, hi_b),
    )
    fewest = third.status == 0
    if third.x is not None:
        best = third.x
    grid = model.grid(best)
    minutes_of = {p.key: 0 for p in problem.players}
    for t, row in enumerate(grid):
        for key in row:
            minutes_of[key] += problem.period_minutes[t]
    limited = frozenset(
        p.key
        for i, p in enumerate(problem.players)
        if model.limited[i] and minutes_of[p.key] < lo_b
    )
    banded = [m for k, m in minutes_of.items() if k not in limited] or [0]
    low, high = min(banded), max(banded)
    certificate = Certificate(
        status="time_limit" if timed_out and bound < high - low else "optimal",
        spread=high - low,
        best_spread=min(bound, high - low),
        low=low,
        high=high,
        seconds=time.perf_counter() - start,
        fewest_substitutions=fewest,
    )
    return Plan(
        players=problem.players,
        slots=problem.slots,
        period_minutes=problem.period_minutes,
        grid=grid,
        certificate=certificate,
        limited=limited,
    )


def _why(problem: RotationProblem, rule: str) -> str:
    """One sentence on why ``rule`` cannot hold together with the others."""
    rules, n_periods = problem.rules, len(problem.period_minutes)
    players, slots = problem.players, problem.slots
    if rule == "keeper":
        keeper_slots = sum(1 for s in slots if s.position in KEEPER_POSITIONS)
        forbidden = rules.forbidden
        can_keep = [
            p
            for p in players
            if not any(
                s.position in forbidden.get(p.key, frozenset())
                for s in slots
                if s.position in KEEPER_POSITIONS
            )
        ]
        need = keeper_slots * n_periods
        return (
            f"The goal needs a keeper in {need} periods, but {len(can_keep)} players may "
            f"keep goal for at most {rules.keeper_max_periods} periods each, alongside "
            f"the other rules."
        )
    if rule == "bench":
        return (
            f"With {len(players)} players for {len(slots)} places, someone has to sit more "
            f"than {rules.max_consecutive_bench} periods in a row."
        )
    if rule == "full_half":
        return (
            f"{len(players)} players cannot each play a whole half when only {len(slots)} "
            f"are on the field at once."
        )
    if rule == "min_share":
        share = round(100 * (rules.min_share or 0))
        capacity = len(slots) * problem.total_minutes
        return (
            f"{len(players)} players × {share} % of {problem.total_minutes} minutes needs more "
            f"than the {capacity} player-minutes the game has, alongside the other rules."
        )
    return "The positions players may not play leave a place that nobody can fill."


@dataclass(frozen=True, slots=True)
class RuleCheck:
    rule: str
    passed: bool
    #: The measured value the rule is about (minutes, periods in a row, periods in goal …).
    value: int
    #: The limit it is checked against.
    limit: int


@dataclass(frozen=True, slots=True)
class PlayerCompliance:
    key: str
    minutes: int
    checks: tuple[RuleCheck, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def compliance(plan: Plan, rules: Rules) -> tuple[PlayerCompliance, ...]:
    """Each player's minutes against every rule that is on, pass or fail.

    Independent of the solver (it reads only the grid), so a club official can
    trust it for any plan, including one a coach changed by hand. A player's
    availability exempts them as the planner does: the minimum share is capped
    at the minutes they were there for; bench runs and halves only count while
    they were there.
    """
    minutes = plan.period_minutes
    total = sum(minutes)
    n = len(minutes)
    out = []
    for p in plan.players:
        on = [p.key in row for row in plan.grid]
        played = sum(m for m, o in zip(minutes, on, strict=True) if o)
        present = [p.is_available(t) or on[t] for t in range(n)]
        checks = []
        if rules.min_share is not None:
            floor = math.ceil(rules.min_share * total - 1e-9)
            could = sum(m for m, here in zip(minutes, present, strict=True) if here)
            need = min(floor, could)
            checks.append(RuleCheck("min_share", played >= need, played, need))
        if rules.max_consecutive_bench is not None:
            longest = run = 0
            for t in range(n):
                run = run + 1 if present[t] and not on[t] else 0
                longest = max(longest, run)
            limit = rules.max_consecutive_bench
            checks.append(RuleCheck("bench", longest <= limit, longest, limit))
        if rules.keeper_max_periods is not None:
            kept = sum(
                1
                for row in plan.grid
                for s, key in enumerate(row)
                if key == p.key and plan.slots[s].position in KEEPER_POSITIONS
            )
            limit = rules.keeper_max_periods
            checks.append(RuleCheck("keeper", kept <= limit, kept, limit))
        if rules.full_half:
            parts = [h for h in halves(n) if all(present[t] for t in h)]
            whole = sum(1 for h in parts if all(on[t] for t in h))
            checks.append(RuleCheck("full_half", whole >= 1 or not parts, whole, 1 if parts else 0))
        banned = rules.forbidden.get(p.key, frozenset())
        if banned:
            wrong = sum(
                1
                for row in plan.grid
                for s, key in enumerate(row)
                if key == p.key and plan.slots[s].position in banned
            )
            checks.append(RuleCheck("forbidden", wrong == 0, wrong, 0))
        out.append(PlayerCompliance(key=p.key, minutes=played, checks=tuple(checks)))
    return tuple(out)
