"""The rotation planner's integer program on the place variables.

``x[p, s, t] = 1`` when player ``p`` plays place ``s`` in period ``t``; with the
band of minutes, the per-player rules and the keeper rules as rows. Shared by
the stages (:mod:`lineup.rotation_milp`), the paths (:mod:`lineup.rotation_paths`)
and the path program (:mod:`lineup.rotation_program`), which all import it and
not each other's internals, so the package has no import cycle.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .model import Slot
from .rotation_data import (
    KEEPER_POSITIONS,
    RotationPlayer,
    RotationProblem,
    halves,
    keeper_breaks,
    share_minutes,
)


def achievable(problem: RotationProblem, p: RotationPlayer) -> int:
    """The most minutes ``p`` can still end the game with."""
    total = 0
    for t, minutes in enumerate(problem.period_minutes):
        if t < len(problem.locked):
            total += minutes if p.key in problem.locked[t] else 0
        elif p.is_available(t):
            total += minutes
    return total


def is_present(problem: RotationProblem, p: RotationPlayer, t: int) -> bool:
    """Whether ``p`` can be on the field in period ``t`` (or was, for locked periods)."""
    if t < len(problem.locked):
        return p.key in problem.locked[t] or p.is_available(t)
    return p.is_available(t)


def share_floor(problem: RotationProblem, p: RotationPlayer) -> int:
    """The minutes the minimum share asks of ``p``: the share of the minutes they are
    there for (the whole game for most players), rounded up; 0 without the rule."""
    share = problem.rules.min_share
    if share is None:
        return 0
    there = sum(m for t, m in enumerate(problem.period_minutes) if is_present(problem, p, t))
    return share_minutes(share, there)


def first_period_fixed(problem: RotationProblem) -> dict[int, str]:
    """Slot → player key the starting lineup fixes (none once period 1 is played)."""
    if problem.first_period is None or problem.locked:
        return {}
    return {s: key for s, key in enumerate(problem.first_period) if key is not None}


class PlaceModel:
    """The integer program's variables and constraints, built once per problem."""

    def __init__(self, problem: RotationProblem) -> None:
        self.problem = problem
        players, slots, minutes = problem.players, problem.slots, problem.period_minutes
        n_locked = len(problem.locked)
        rules = problem.rules
        forbidden = rules.forbidden
        self.total = problem.total_minutes
        self.keepers = frozenset(
            s for s, slot in enumerate(slots) if slot.position in KEEPER_POSITIONS
        )
        fixed = first_period_fixed(problem)
        starting = set(fixed.values())
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
                    if t == 0 and (s in fixed or p.key in starting):
                        # The starting lineup (checked against the rules beforehand).
                        if fixed.get(s) == p.key:
                            self.x.append((i, s, t))
                            lower.append(1)
                        continue
                    if not p.is_available(t):
                        continue
                    if slot.position is not None and slot.position in forbidden.get(
                        p.key, frozenset()
                    ):
                        continue
                    if s in self.keepers and not rules.may_keep(p, slot.position):
                        continue
                    self.x.append((i, s, t))
                    lower.append(0)
        self.nx = len(self.x)
        self.n_players = len(players)
        self.n_periods = len(minutes)
        self.achievable = [achievable(problem, p) for p in players]
        self.present = {
            (i, t): is_present(problem, p, t)
            for i, p in enumerate(players)
            for t in range(len(minutes))
        }
        self.limited = [a < self.total for a in self.achievable]
        self.share_floor = [share_floor(problem, p) for p in players]
        #: Periods (≥ 1) at which a new keeper may start (the keeper policy).
        self.keeper_breaks = keeper_breaks(problem)
        # Further variables, after x: low, high, z (one per limited player),
        # half choices (two per player, when the rule is on).
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
                    if all(is_present(problem, p, t) for t in rng):
                        self.half[(i, h)] = idx
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
        self._matrix: Any = None
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
            if self.share_floor[i]:
                self._row(played, self.share_floor[i], inf)
        player_list = self.problem.players
        if rules.max_consecutive_bench is not None:
            k = rules.max_consecutive_bench
            n_locked = len(problem.locked)
            for i, p in enumerate(player_list):
                for t0 in range(0, self.n_periods - k):
                    window = range(t0, t0 + k + 1)
                    if window[-1] < n_locked:
                        continue
                    if not all(is_present(problem, p, t) for t in window):
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
        if self.keepers:
            # The keeper policy: at a break where no new keeper may start, every
            # player keeps goal after it exactly when they did before it.
            keeping: dict[tuple[int, int], dict[int, float]] = {}
            for v, (i, s, t) in enumerate(self.x):
                if s in self.keepers:
                    keeping.setdefault((i, t), {})[v] = 1.0
            for t in range(max(1, len(problem.locked)), self.n_periods):
                if t in self.keeper_breaks:
                    continue
                for i in range(self.n_players):
                    row = dict(keeping.get((i, t), {}))
                    for v in keeping.get((i, t - 1), {}):
                        row[v] = -1.0
                    if row:
                        self._row(row, 0, 0)
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

    def matrix(self) -> Any:
        """The rows as one sparse matrix with their bounds, built once."""
        if self._matrix is None:
            data: list[float] = []
            rr: list[int] = []
            cc: list[int] = []
            for r, (coef, _a, _b) in enumerate(self.rows):
                for c, val in coef.items():
                    rr.append(r)
                    cc.append(c)
                    data.append(val)
            matrix = coo_array((data, (rr, cc)), shape=(len(self.rows), self.n)).tocsr()
            lo = np.array([a for _c, a, _b in self.rows])
            hi = np.array([b for _c, _a, b in self.rows])
            self._matrix = (matrix, lo, hi)
        return self._matrix

    def solve(self, c: np.ndarray, left: float, band: tuple[int, int] | None = None) -> Any:
        """The integer program with objective ``c`` (minimised), optionally inside ``band``."""
        matrix, lo, hi = self.matrix()
        return milp(
            c,
            constraints=LinearConstraint(matrix, lo, hi),
            integrality=self.integrality,
            bounds=self.banded(band),
            options={"time_limit": max(left, 0.05), "mip_rel_gap": 0.0},
        )

    def banded(self, band: tuple[int, int] | None) -> Bounds:
        """The variables' bounds, with ``low`` and ``high`` pinned to ``band``."""
        if band is None:
            return self.bounds
        lb, ub = self.bounds.lb.copy(), self.bounds.ub.copy()
        lb[self.low] = ub[self.low] = band[0]
        lb[self.high] = ub[self.high] = band[1]
        return Bounds(lb, ub)

    def spread_objective(self) -> np.ndarray:
        c = np.zeros(self.n)
        c[self.high] = 1
        c[self.low] = -1
        return c

    def quality_objective(self) -> np.ndarray:
        """The score, to maximise: integer points for rating, variety and ledger priority."""
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
            # Up to 120 points a minute: a player who sat out a whole season so far
            # outranks any rating gap (at most 100 + 10 for variety).
            priority = round(120 * p.ledger.bench_share)
            c[v] = minutes[t] * (rating + variety + priority)
        return c

    def grid(self, values: np.ndarray) -> tuple[tuple[str, ...], ...]:
        keys = [p.key for p in self.problem.players]
        rows = [[""] * len(self.problem.slots) for _ in range(self.n_periods)]
        for v, (i, s, t) in enumerate(self.x):
            if values[v] > 0.5:
                rows[t][s] = keys[i]
        _keep_places(rows, self.problem.slots, first=max(1, len(self.problem.locked)))
        return tuple(tuple(r) for r in rows)


def _keep_places(rows: list[list[str]], slots: tuple[Slot, ...], first: int) -> None:
    """Between places of the same position, keep each player where they were.

    Two centre backs swapping sides changes no rating, no rule and no
    substitution, but would show as a move at the break; relabel instead.
    """
    groups: dict[tuple[str | None, str], list[int]] = {}
    for s, slot in enumerate(slots):
        groups.setdefault((slot.position, slot.label), []).append(s)
    same = [g for g in groups.values() if len(g) > 1]
    for t in range(first, len(rows)):
        for group in same:
            here = [rows[t][s] for s in group]
            kept = {s: rows[t - 1][s] for s in group if rows[t - 1][s] in here}
            rest = [key for key in here if key not in kept.values()]
            for s in group:
                rows[t][s] = kept[s] if s in kept else rest.pop(0)
