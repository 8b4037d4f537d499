"""Stages 2 and 3 of the rotation planner, inside one band of minutes.

Each player's game is a path through a small layered network: a node says
how many minutes they have played so far, whether they were on in the last
period (or how many periods in a row they have sat), and which halves they
have played whole. Every legal on/off pattern of one player under the team's
rules is one path from the first layer to the last, and nothing else is, so
the per-player rules (the band, the minimum share, the bench limit, the full
half) are built into the network instead of written as rows. A coming-on arc
costs one substitution.

Why: the first formulation counted substitutions with ``e ≥ on[t] − on[t−1]``,
whose relaxation lets a player be "half on" in every period and change
nothing; HiGHS could not prove the fewest substitutions for a basketball game
in 3 s. A network's relaxation has integral paths, so the same question is
settled at the root node in tens of milliseconds (``docs/rotation.md`` has the
figures). Given integer places ``x``, each player's path is fixed by their
on/off pattern, so the arc flows need not be declared integer.

The stages inside a band (``best_in_band``):

1. the linear relaxation, maximising the stage-2 score: it bounds the score
   from above (or proves the band empty), and its reduced costs fix every
   variable that no plan scoring within the bound's rounding can move;
2. one integer program: fewest substitutions among plans scoring the rounded
   bound. If it has a plan, that plan is best in score (no plan beats the
   bound) and fewest in substitutions (the program says so), both proven;
3. only if it has none (the relaxation overestimated), the score is found by
   its own integer program and step 2 runs again with the real score.

A game whose network passes ``MAX_PATH_ARCS`` gets stage 2 on the place
variables, then fewer substitutions a window of periods at a time (not proven
fewest). A search that cannot finish in half the time left gets stage 2
alone. Either way the plan is as fair and as strong; the certificate says the
substitutions are not proven.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_array, csr_array

from .rotation_data import KEEPER_POSITIONS, halves
from .rotation_model import PlaceModel

#: Games whose paths need more arcs than this skip the substitution tie-break:
#: past it, HiGHS's search for a first plan grows from tenths of a second to
#: several seconds (``docs/rotation.md``, the figures).
MAX_PATH_ARCS = 2500

#: Margin on reduced costs before a variable is fixed: the solver's duals carry
#: rounding noise; a larger margin only fixes fewer variables.
_FIX_MARGIN = 1e-3

_ON = -1  # bench state of a player who was on in the last period


class BandTimeout(Exception):
    """The time limit ran out before the band was settled either way."""


@dataclass(frozen=True, slots=True)
class BandPlan:
    """The best plan inside one band: values of the place variables ``x``."""

    x: np.ndarray
    score: float
    #: Whether the substitution tie-break ran (false for games too large for
    #: the path program, or when it could not finish in time).
    fewest: bool


class _Network:
    """Every player's legal on/off paths, as arcs between states per period."""

    def __init__(
        self,
        model: PlaceModel,
        band: tuple[int, int],
        lb: np.ndarray | None = None,
        ub: np.ndarray | None = None,
    ) -> None:
        self.n = 0  # arcs so far
        #: one substitution for every arc that brings a player on at a break
        self.cost: list[float] = []
        #: one balance row per node: inflow − outflow = rhs (−1 at a source)
        self.rows: list[dict[int, float]] = []
        self.rhs: list[float] = []
        self.on_arcs: dict[tuple[int, int], list[int]] = {}
        self.lb = model.bounds.lb[: model.nx] if lb is None else lb
        self.ub = model.bounds.ub[: model.nx] if ub is None else ub
        for i in range(model.n_players):
            self._player(model, i, band)

    def _node(self, rhs: float) -> int:
        self.rows.append({})
        self.rhs.append(rhs)
        return len(self.rows) - 1

    def _arc(self, i: int, t: int, on: bool, cost: float, tail: int, head: int | None) -> None:
        arc = self.n
        self.n += 1
        self.cost.append(cost)
        self.rows[tail][arc] = -1.0
        if head is not None:
            self.rows[head][arc] = 1.0
        if on:
            self.on_arcs.setdefault((i, t), []).append(arc)

    def _player(self, model: PlaceModel, i: int, band: tuple[int, int]) -> None:
        problem, rules = model.problem, model.problem.rules
        lo, hi = band
        periods = problem.period_minutes
        n_periods, n_locked = len(periods), len(problem.locked)
        limit = rules.max_consecutive_bench
        parts = halves(n_periods)
        choices: list[tuple[bool, ...]] = []
        for t in range(n_periods):
            vs = [v for v in model.on.get((i, t), []) if self.ub[v] > 0.5]
            if not vs:
                choices.append((False,))  # not there, not in a played period's grid, or fixed off
            elif any(self.lb[v] > 0.5 for v in vs):
                choices.append((True,))  # in a played period's grid, or fixed on
            else:
                choices.append((False, True))
        # Minutes still to come, to drop states that cannot reach the band.
        to_come = [0] * (n_periods + 1)
        for t in range(n_periods - 1, -1, -1):
            to_come[t] = to_come[t + 1] + (periods[t] if True in choices[t] else 0)
        share = math.ceil(rules.min_share * model.total - 1e-9) if rules.min_share else 0
        achievable, limited = model.achievable[i], model.limited[i]
        need = max(min(share, achievable), min(lo, achievable) if limited else lo)
        eligible = tuple(h for h in range(2) if (i, h) in model.half)
        # A state: (minutes so far, bench, halves still played whole), where
        # bench is _ON or the periods in a row the player has sat while there.
        State = tuple[int, int, tuple[int, ...]]
        layer: dict[State, int] = {(0, 0, eligible): self._node(-1.0)}
        for t in range(n_periods):
            present = model.present[(i, t)]
            following: dict[State, int] = {}
            for (played, bench, whole), tail in layer.items():
                for on in choices[t]:
                    if on:
                        state = (played + periods[t], _ON, whole)
                    else:
                        sat = 0
                        if limit is not None and present:
                            sat = min(1 if bench == _ON else bench + 1, limit + 1)
                            if sat > limit and t >= n_locked:
                                continue  # the bench rule
                        state = (played, sat, tuple(h for h in whole if t not in parts[h]))
                    if eligible and not state[2]:
                        continue  # no half left to play whole
                    if state[0] > hi or state[0] + to_come[t + 1] < need:
                        continue
                    if state not in following:
                        following[state] = self._node(0.0)
                    cost = 1.0 if on and t > 0 and bench != _ON else 0.0
                    self._arc(i, t, on, cost, tail, following[state])
            layer = following
        for (played, _bench, _whole), tail in layer.items():
            if played >= lo or (limited and played == achievable):
                self._arc(i, -1, False, 0.0, tail, None)
        # A state with no way on keeps its balance row: its inflow is forced to 0.


def best_in_band(
    model: PlaceModel, band: tuple[int, int], score: np.ndarray, deadline: float
) -> BandPlan | None:
    """The best plan with every minute total in ``band`` (or played in full), or
    ``None`` when no plan has one. ``score`` is the stage-2 score per variable.

    The path program gets half the time left; a game too large for it
    (``MAX_PATH_ARCS``) or a search it cannot finish in time falls back to the
    strongest plan without the substitution tie-break, which does not depend
    on how far a cut-short search got.
    """
    if model.nx == 0:
        return None  # nobody may fill any place
    net = _Network(model, band)
    if net.n <= MAX_PATH_ARCS:
        now = time.perf_counter()
        try:
            return _with_paths(model, net, band, score, now + (deadline - now) / 2)
        except BandTimeout:
            return _strongest(model, band, score, deadline)
    strongest = _strongest(model, band, score, deadline)
    if strongest is None:
        return None
    return _fewer_in_windows(model, band, score, strongest)


#: Periods re-planned at a time for games too large for the path program (windows
#: overlap by half). 6 gave the fewest substitutions per second on the bench cases.
WINDOW = 6
#: Each window's own time limit: only a safety net, so that the result does not
#: depend on the machine's load (a window takes 0.1–0.3 s here).
WINDOW_SECONDS = 2.0


def _fewer_in_windows(
    model: PlaceModel, band: tuple[int, int], score: np.ndarray, plan: BandPlan
) -> BandPlan:
    """Fewer substitutions for a large game, a window of periods at a time.

    Every period outside the window keeps its places; inside it the path
    program finds the fewest substitutions among plans as strong. Windows
    overlap by half and each starts from the last one's plan, so the count
    only goes down. Not proven fewest overall. The windows do not share the
    caller's deadline but have their own safety limit each, so the answer is
    the same on a busy machine (the time limit can be overrun by them).
    """
    nx, n_periods = model.nx, model.n_periods
    target = round(plan.score)
    x = np.round(plan.x)
    last = max(0, n_periods - WINDOW)
    for start in sorted({*range(0, last + 1, max(1, WINDOW // 2)), last}):
        deadline = time.perf_counter() + WINDOW_SECONDS
        inside = range(start, start + WINDOW)
        lb, ub = model.bounds.lb[:nx].copy(), model.bounds.ub[:nx].copy()
        for v, (_i, _s, t) in enumerate(model.x):
            if t not in inside:
                lb[v] = ub[v] = x[v]
        program = _PathProgram(model, _Network(model, band, lb, ub), score[:nx])
        relaxed = program.relax(deadline)
        if relaxed.status != 0:
            continue
        try:
            found = program.fewest(target, relaxed, -float(relaxed.fun), deadline)
        except BandTimeout:
            continue
        if found is not None:
            x = np.round(found.x)
    return BandPlan(x=x, score=float(score[:nx] @ x), fewest=False)


def _strongest(
    model: PlaceModel, band: tuple[int, int], score: np.ndarray, deadline: float
) -> BandPlan | None:
    """Stage 2 alone, on the place variables: the best score in ``band``."""
    best = model.solve(-score, _left(deadline), band)
    if best.status == 2:
        return None
    if best.status != 0:
        raise BandTimeout
    x = best.x[: model.nx]
    return BandPlan(x=x, score=float(score[: model.nx] @ x), fewest=False)


def _with_paths(
    model: PlaceModel, net: _Network, band: tuple[int, int], score: np.ndarray, deadline: float
) -> BandPlan | None:
    program = _PathProgram(model, net, score[: model.nx])
    relaxed = program.relax(deadline)
    if relaxed.status == 2:
        return None  # not even a fractional plan fits the band
    if relaxed.status != 0:
        raise BandTimeout
    bound = -float(relaxed.fun)
    found = program.fewest(math.floor(bound + 1e-6), relaxed, bound, deadline)
    if found is None:
        # The relaxation promised more than any plan scores: find the score.
        best = _strongest(model, band, score, deadline)
        if best is None:
            return None
        found = program.fewest(round(best.score), relaxed, bound, deadline)
    return found


class _PathProgram:
    """Places ``x`` and path arcs in one program: the places filled, the keeper
    limit, each player on exactly when their path says so."""

    def __init__(self, model: PlaceModel, net: _Network, score: np.ndarray) -> None:
        nx = model.nx
        self.nx, self.n = nx, nx + net.n
        rows: list[dict[int, float]] = []
        lo: list[float] = []
        hi: list[float] = []
        by_slot: dict[tuple[int, int], dict[int, float]] = {}
        for v, (_i, s, t) in enumerate(model.x):
            by_slot.setdefault((s, t), {})[v] = 1.0
        for t in range(model.n_periods):
            for s in range(len(model.problem.slots)):
                rows.append(by_slot.get((s, t), {}))
                lo.append(1.0)
                hi.append(1.0)
        for (i, t), vs in model.on.items():
            row = dict.fromkeys(vs, 1.0)
            for arc in net.on_arcs.get((i, t), []):
                row[nx + arc] = -1.0
            rows.append(row)
            lo.append(0.0)
            hi.append(0.0)
        for row, rhs in zip(net.rows, net.rhs, strict=True):
            rows.append({nx + a: c for a, c in row.items()})
            lo.append(rhs)
            hi.append(rhs)
        keeper_max = model.problem.rules.keeper_max_periods
        if keeper_max is not None:
            keepers = {
                s for s, slot in enumerate(model.problem.slots) if slot.position in KEEPER_POSITIONS
            }
            per_player: dict[int, dict[int, float]] = {}
            for v, (i, s, _t) in enumerate(model.x):
                if s in keepers:
                    per_player.setdefault(i, {})[v] = 1.0
            for i in sorted(per_player):
                rows.append(per_player[i])
                lo.append(-np.inf)
                hi.append(float(keeper_max))
        self.matrix = _matrix(rows, self.n)
        self.lo, self.hi = np.array(lo), np.array(hi)
        self.lb = np.zeros(self.n)
        self.ub = np.ones(self.n)
        self.lb[:nx] = net.lb
        self.ub[:nx] = net.ub
        self.score = np.zeros(self.n)
        self.score[:nx] = score
        self.changes = np.zeros(self.n)
        self.changes[nx:] = net.cost
        self.integrality = np.zeros(self.n)
        self.integrality[:nx] = 1

    def relax(self, deadline: float) -> Any:
        """The linear relaxation, maximising the score; it carries reduced costs."""
        eq = self.lo == self.hi
        return linprog(
            -self.score,
            A_ub=self.matrix[~eq] if (~eq).any() else None,
            b_ub=self.hi[~eq] if (~eq).any() else None,
            A_eq=self.matrix[eq],
            b_eq=self.lo[eq],
            bounds=np.column_stack([self.lb, self.ub]),
            method="highs",
            options={"time_limit": _left(deadline)},
        )

    def fewest(self, target: int, relaxed: Any, bound: float, deadline: float) -> BandPlan | None:
        """Fewest substitutions among plans scoring at least ``target``;
        ``None`` when no plan does.

        Reduced-cost fixing: moving a variable off its bound in the relaxation
        costs at least its reduced cost, so one whose reduced cost exceeds
        ``bound − target`` keeps that bound in every plan scoring ``target``.
        """
        gap = bound - target + _FIX_MARGIN
        lb, ub = self.lb.copy(), self.ub.copy()
        at_lower = relaxed.lower.marginals > gap
        at_upper = -relaxed.upper.marginals > gap
        ub[at_lower] = lb[at_lower]
        lb[at_upper] = ub[at_upper]
        found = milp(
            self.changes,
            constraints=[
                LinearConstraint(self.matrix, self.lo, self.hi),
                LinearConstraint(self.score.reshape(1, -1), target - 0.5, np.inf),
            ],
            integrality=self.integrality,
            bounds=Bounds(lb, ub),
            options={"time_limit": _left(deadline), "mip_rel_gap": 0.0},
        )
        if found.status == 2:
            return None
        if found.status != 0:
            raise BandTimeout  # a cut-short search is not used: its plan depends on the load
        return BandPlan(x=found.x[: self.nx], score=float(self.score @ found.x), fewest=True)


def _matrix(rows: list[dict[int, float]], n: int) -> Any:
    data: list[float] = []
    rr: list[int] = []
    cc: list[int] = []
    for r, row in enumerate(rows):
        for c, val in row.items():
            rr.append(r)
            cc.append(c)
            data.append(val)
    return csr_array(coo_array((data, (rr, cc)), shape=(len(rows), n)))


def _left(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.05)
