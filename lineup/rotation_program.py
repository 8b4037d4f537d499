"""Places and paths in one integer program, and the objectives settled in pairs.

The program (:class:`PathProgram`): places ``x``, each player's path arcs
(:mod:`lineup.rotation_paths`) and "stayed at this position" variables; the
places filled, the keeper limit, each player on the field or in goal exactly
when their path says so. Two integer objectives: the **changes** — keeper
changes, then substitutions, then position moves, folded into one number with
weights that keep that order exact — and the **score** (ratings, variety,
ledger priority), in the team's :data:`~lineup.rotation_data.Priority` order.

A pair (first objective, then second) is settled by relaxations, reduced-cost
fixing and a gallop on the bounds (``_pair``, ``_within``;
``docs/rotation.md`` walks through it).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, linprog, milp
from scipy.sparse import coo_array, csr_array, vstack

from .rotation_data import Priority, position_key
from .rotation_model import PlaceModel
from .rotation_paths import GOAL, OUT, BandPlan, BandTimeout, Network, changes_of

#: Margin on reduced costs before a variable is fixed: the solver's duals carry
#: rounding noise; a larger margin only fixes fewer variables.
_FIX_MARGIN = 1e-3

#: Place variables up to which the moves, once the re-dealt positions cannot be
#: shown fewest, get their own integer program (changes first): a size, not a
#: time, so that the plan does not depend on the machine's load.
EXACT_MOVES = 200


class PathProgram:
    """Places ``x``, path arcs and "stayed at this position" variables in one program:
    the places filled, the keeper limit, each player on the field or in goal
    exactly when their path says so."""

    def __init__(self, model: PlaceModel, net: Network, score: np.ndarray) -> None:
        nx = model.nx
        self.model = model
        self.nx = nx
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
        # Tie the places to the paths: on the field, in goal.
        ties: dict[tuple[int, int, int], dict[int, float]] = {}
        for v, (i, s, t) in enumerate(model.x):
            kind = GOAL if s in model.keepers else OUT
            ties.setdefault((i, t, kind), {})[v] = 1.0
        for key in sorted(ties.keys() | net.on_arcs.keys()):
            row = dict(ties.get(key, {}))
            for arc in net.on_arcs.get(key, []):
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
            per_player: dict[int, dict[int, float]] = {}
            for v, (i, s, _t) in enumerate(model.x):
                if s in model.keepers:
                    per_player.setdefault(i, {})[v] = 1.0
            for i in sorted(per_player):
                rows.append(per_player[i])
                lo.append(-np.inf)
                hi.append(float(keeper_max))
        # "Stayed": player i played field position g in periods t−1 and t. Each
        # one pays back the move charged on their field → field arc, and a
        # player's stays at a break are at most that arc's flow.
        kinds = [position_key(slot) for slot in model.problem.slots]
        at: dict[tuple[int, int, tuple[str | None, str]], dict[int, float]] = {}
        for v, (i, s, t) in enumerate(model.x):
            if s not in model.keepers and net.ub[v] > 0.5:
                at.setdefault((i, t, kinds[s]), {})[v] = 1.0
        stays = [
            (i, t, g)
            for (i, t, g) in sorted(at, key=lambda k: (k[0], k[1], str(k[2])))
            if t > 0 and (i, t - 1, g) in at and (i, t) in net.stayed_on
        ]
        self.n = nx + net.n + len(stays)
        caps: dict[tuple[int, int], dict[int, float]] = {}
        for k, (i, t, g) in enumerate(stays):
            stay = nx + net.n + k
            for period in (t - 1, t):
                row = {v: -1.0 for v in at[(i, period, g)]}
                row[stay] = 1.0
                rows.append(row)
                lo.append(-np.inf)
                hi.append(0.0)
            caps.setdefault((i, t), {})[stay] = 1.0
        for (i, t), cap in caps.items():
            for arc in net.stayed_on[(i, t)]:
                cap[nx + arc] = -1.0
            rows.append(cap)
            lo.append(-np.inf)
            hi.append(0.0)
        self._at, self._net = at, net
        self._still: tuple[Any, np.ndarray] | None = None
        self.matrix = _matrix(rows, self.n)
        self.lo, self.hi = np.array(lo), np.array(hi)
        self.lb = np.zeros(self.n)
        self.ub = np.ones(self.n)
        self.lb[:nx] = net.lb
        self.ub[:nx] = net.ub
        self.score = np.zeros(self.n)
        self.score[:nx] = score
        self.changes = np.zeros(self.n)
        self.changes[nx : nx + net.n] = net.cost
        self.changes[nx + net.n :] = -float(net.weights["move"])
        #: each kind of change on its own (the folded ``changes`` weighs them)
        self.counts: dict[str, np.ndarray] = {}
        for name, costs in net.kinds.items():
            vector = np.zeros(self.n)
            vector[nx : nx + net.n] = costs
            self.counts[name] = vector
        self.counts["move"][nx + net.n :] = -1.0
        self.weights = net.weights
        #: keeper changes and substitutions folded, without the moves
        self.kept = (
            self.counts["keeper"] * net.weights["keeper"]
            + self.counts["substitution"] * net.weights["substitution"]
        )
        self.integrality = np.zeros(self.n)
        self.integrality[:nx] = 1

    def lexicographic(self, priority: Priority, deadline: float) -> BandPlan | None:
        """The best plan in the priority's order, or ``None`` when the band has none.

        ``strongest_first``: the score, then the folded changes, in one pair.

        ``fewest_changes``: keeper changes and substitutions (folded), then the
        score among those plans — a plan ``x0``. If ``x0`` already has as few
        position moves as the relaxation allows, it is best in every stage.
        Otherwise, in a small game (``EXACT_MOVES``), the moves and then the score
        get their own integer programs. In a larger one — or if those cannot
        finish in time — the positions of ``x0`` are re-dealt period by period,
        keeping who is on and who keeps goal (so the keeper changes and
        substitutions stay), to keep players where they were
        (:func:`fewer_moves`): the moves are proven fewest if that reaches the
        relaxation's bound, the score is not. Finding plans that move nobody is
        slow for HiGHS (seconds on a 7-a-side game); a size rather than a time
        decides, so that the plan is the same on any machine.
        """
        if priority == "strongest_first":
            found = self._pair(-self.score, self.changes, [], deadline)
            return None if found is None else self._band_plan(found, True, True, True)
        first = self._pair(self.kept, -self.score, [], deadline)
        if first is None:
            return None
        kept = round(float(self.kept @ first))
        base = self._limits(self.kept, kept)
        fewest = self._relax(self.counts["move"], base, deadline)
        if fewest.status != 0:
            return self._band_plan(first, True, False, False)
        bound = math.ceil(float(fewest.fun) - 1e-6)
        if self._moves(first) <= bound:
            return self._band_plan(first, True, True, True)
        dealt = fewer_moves(self.model, first[: self.nx], self.score[: self.nx])
        best = min((first, dealt), key=self._moves_then_score)
        if self.model.nx <= EXACT_MOVES:
            try:
                found = self._pair(self.counts["move"], -self.score, base, deadline, fewest)
            except BandTimeout:
                found = None
            if found is not None:
                return self._band_plan(found, True, True, True)
        return self._band_plan(best, True, self._moves(best) <= bound, False)

    def fewer_changes_as_strong(self, deadline: float) -> BandPlan | None:
        """The fewest keeper changes and substitutions among plans scoring the
        relaxation's bound (rounded) — for a window of a large game, whose plan is
        already the strongest: one relaxation and one integer program. ``None``
        when no plan reaches the bound."""
        relaxed = self._relax(-self.score, [], deadline)
        if relaxed.status != 0:
            return None
        bound = float(relaxed.fun)
        target = math.ceil(bound - 1e-6)
        lb, ub = _fixed(self.lb, self.ub, relaxed, target - bound)
        found = self._solve(self.kept, [(-self.score, target)], lb, ub, deadline)
        return None if found is None else self._band_plan(found, False, False, True)

    def _moves_then_score(self, x: np.ndarray) -> tuple[int, float]:
        return self._moves(x), -float(self.score[: self.nx] @ np.round(x[: self.nx]))

    def _moves(self, x: np.ndarray) -> int:
        return changes_of(self.model, np.round(x[: self.nx])) % self.weights["substitution"]

    def _band_plan(
        self, found: np.ndarray, fewest: bool, fewest_moves: bool, strongest: bool
    ) -> BandPlan:
        x = np.round(found[: self.nx])
        return BandPlan(
            x=x,
            score=round(float(self.score[: self.nx] @ x)),
            changes=changes_of(self.model, x),
            fewest=fewest,
            fewest_moves=fewest_moves,
            strongest=strongest,
        )

    def _pair(
        self,
        first: np.ndarray,
        second: np.ndarray,
        base: list[tuple[np.ndarray, int]],
        deadline: float,
        relaxed: Any = None,
    ) -> np.ndarray | None:
        """The best ``second`` among the plans best in ``first`` (both integer
        objectives, minimised), within the ``base`` limits.

        The fast path: bound the first by its relaxation (rounded up), the
        second by its relaxation among plans within that first bound, fix what
        reduced costs allow for both, and ask one integer program for a plan
        meeting both bounds — which, if it exists, is best in both (nothing
        beats a bound). Otherwise the bounds are raised step by step.
        """
        if relaxed is None:
            relaxed = self._relax(first, base, deadline)
        if relaxed.status == 2:
            return None  # not even a fractional plan fits
        if relaxed.status != 0:
            raise BandTimeout
        bound = float(relaxed.fun)
        target = math.ceil(bound - 1e-6)
        found = self._within(first, second, relaxed, target, None, base, deadline)
        if found is not None:
            return found
        # The relaxation promised more than any plan gives: gallop on the first
        # objective the same way, then the second within the value found.
        best = None
        step = _step(first)
        for k in range(1, GALLOP_FIRST):
            top = target + step * (2**k - 1)
            lb, ub = _fixed(self.lb, self.ub, relaxed, top - bound)
            best = self._solve(first, [*base, (first, top)], lb, ub, deadline)
            if best is not None:
                break
        if best is None:
            best = self._solve(first, base, self.lb, self.ub, deadline)
        if best is None:
            return None
        value = round(float(first @ best))
        return self._within(first, second, relaxed, value, best, base, deadline)

    def _within(
        self,
        first: np.ndarray,
        second: np.ndarray,
        relaxed: Any,
        target: int,
        plan: np.ndarray | None,
        base: list[tuple[np.ndarray, int]],
        deadline: float,
    ) -> np.ndarray | None:
        """The best ``second`` among plans with ``first ≤ target`` (and ``base``);
        ``None`` if none has.

        ``relaxed`` is the first objective's relaxation; ``plan``, if known, a
        plan within the target. The second objective's relaxation (within the
        target) bounds it; fixing by reduced costs for both, integer programs
        look for a plan at that bound, then a little above it. If there is none,
        a plan within the target (``plan``, or the first one the solver finds)
        bounds the second objective from the other side.
        """
        lb, ub = _fixed(self.lb, self.ub, relaxed, target - float(relaxed.fun))
        limits = [*base, *self._limits(first, target)]
        then = self._relax(second, limits, deadline, lb, ub)
        if then.status == 2:
            return None
        if then.status != 0:
            raise BandTimeout
        then_bound = float(then.fun)
        # Gallop: a plan with the second objective at most b, b + s, b + 3s … (s a
        # thousandth of b, in whole steps of the objective) — the first found is
        # the best: every better plan was within that limit too.
        step = _step(second)
        stride = step * max(1, round(abs(then_bound) * GALLOP_STRIDE / step))
        for k in range(GALLOP):
            top = math.ceil(then_bound - 1e-6) + stride * (2**k - 1)
            tight_lb, tight_ub = _fixed(lb, ub, then, top - then_bound)
            found = self._solve(second, [*limits, (second, top)], tight_lb, tight_ub, deadline)
            if found is not None:
                return found
        if plan is None:
            plan = self._solve(first, limits, lb, ub, deadline)
            if plan is None:
                return None
        known = round(float(second @ plan))
        lb, ub = _fixed(lb, ub, then, known - then_bound)
        return self._solve(second, [*limits, (second, known)], lb, ub, deadline)

    def _nobody_moves(self, limits: list[tuple[np.ndarray, int]]) -> bool:
        return any(v is self.counts["move"] and limit <= 0 for v, limit in limits)

    def _still_rows(self) -> tuple[Any, np.ndarray]:
        """Rows valid when a plan may move nobody, built the first time they are needed.

        A player on the field on both sides of a break keeps their position
        (``y[t] − y[t−1] + on-on ≤ 1``, both ways): the same as "moves ≤ 0" for
        whole plans, but a much tighter relaxation than the stay variables. And
        the arcs that always move a player (goal ↔ field) stay unused — a row,
        not a bound, so that reduced-cost fixing never sees them as fixed.
        """
        if self._still is None:
            nx, net, at = self.nx, self._net, self._at
            groups: dict[tuple[int, int], set[tuple[str | None, str]]] = {}
            for i, t, g in at:
                groups.setdefault((i, t), set()).add(g)
            rows: list[dict[int, float]] = []
            for (i, t), arcs in sorted(net.stayed_on.items()):
                both = groups.get((i, t - 1), set()) | groups.get((i, t), set())
                for g in sorted(both, key=str):
                    for now, before in ((t, t - 1), (t - 1, t)):
                        row = {v: 1.0 for v in at.get((i, now, g), {})}
                        for v in at.get((i, before, g), {}):
                            row[v] = row.get(v, 0.0) - 1.0
                        for arc in arcs:
                            row[nx + arc] = 1.0
                        rows.append(row)
            hi = [1.0] * len(rows)
            stayed = {a for arcs in net.stayed_on.values() for a in arcs}
            moving = {
                nx + a: 1.0
                for a, moved in enumerate(net.kinds["move"])
                if moved and a not in stayed
            }
            if moving:
                rows.append(moving)
                hi.append(0.0)
            self._still = (_matrix(rows, self.n), np.array(hi))
        return self._still

    def _limits(self, first: np.ndarray, target: int) -> list[tuple[np.ndarray, int]]:
        """``first ≤ target`` as rows. For folded changes, where ``target`` is at
        most their minimum, one row per kind: a plan within it has exactly the
        kinds ``target`` folds (each weight outweighs all below it), and separate
        rows give the next relaxation a tighter bound."""
        w = self.weights
        if first is self.kept:
            keeper, substitutions = divmod(target, w["keeper"])
            return [
                (self.counts["keeper"], keeper),
                (self.counts["substitution"], substitutions // w["substitution"]),
            ]
        if first is self.changes:
            keeper, rest = divmod(target, w["keeper"])
            substitutions, moves = divmod(rest, w["substitution"])
            return [
                (self.counts["keeper"], keeper),
                (self.counts["substitution"], substitutions),
                (self.counts["move"], moves),
            ]
        return [(first, target)]

    def _relax(
        self,
        objective: np.ndarray,
        limits: list[tuple[np.ndarray, int]],
        deadline: float,
        lb: np.ndarray | None = None,
        ub: np.ndarray | None = None,
    ) -> Any:
        """The linear relaxation (minimising ``objective``, with each ``vector · v ≤
        limit``); it carries reduced costs."""
        eq = self.lo == self.hi
        a_ub = self.matrix[~eq]
        b_ub = self.hi[~eq]
        if limits:
            rows = [csr_array(vector.reshape(1, -1)) for vector, _ in limits]
            a_ub = vstack([a_ub, *rows], format="csr")
            b_ub = np.append(b_ub, [limit + 0.5 for _, limit in limits])
        lower = self.lb if lb is None else lb
        upper = self.ub if ub is None else ub
        if self._nobody_moves(limits):
            still, still_hi = self._still_rows()
            a_ub = vstack([a_ub, still], format="csr")
            b_ub = np.append(b_ub, still_hi)
        return linprog(
            objective,
            A_ub=a_ub if a_ub.shape[0] else None,
            b_ub=b_ub if a_ub.shape[0] else None,
            A_eq=self.matrix[eq],
            b_eq=self.lo[eq],
            bounds=np.column_stack([lower, upper]),
            method="highs",
            options={"time_limit": left(deadline)},
        )

    def _solve(
        self,
        objective: np.ndarray | None,
        limits: list[tuple[np.ndarray, int]],
        lb: np.ndarray,
        ub: np.ndarray,
        deadline: float,
    ) -> np.ndarray | None:
        """The integer program: minimise ``objective`` with each ``vector · v ≤ limit``
        (``None``: any plan within the limits, the first the solver finds)."""
        extra = [LinearConstraint(v.reshape(1, -1), -np.inf, limit + 0.5) for v, limit in limits]
        if self._nobody_moves(limits):
            still, still_hi = self._still_rows()
            extra.append(LinearConstraint(still, -np.inf, still_hi))
        found = milp(
            np.zeros(self.n) if objective is None else objective,
            constraints=[LinearConstraint(self.matrix, self.lo, self.hi), *extra],
            integrality=self.integrality,
            bounds=Bounds(lb, ub),
            options={"time_limit": left(deadline), "mip_rel_gap": 0.0},
        )
        if found.status == 2:
            return None
        if found.status != 0:
            raise BandTimeout  # a cut-short search is not used: its plan depends on the load
        return np.asarray(found.x)


def fewer_moves(
    model: PlaceModel, x: np.ndarray, score: np.ndarray, *, score_first: bool = False
) -> np.ndarray:
    """The plan ``x`` with its field positions re-dealt to keep players where they were.

    Period by period (after those played and the starting lineup), the players
    on the field keep their places in goal, and the field places go to them by
    an assignment that keeps as many as possible at their last position, then
    scores best — over the place variables the plan may use. Who plays when and
    who keeps goal do not change, so neither do the keeper changes, the
    substitutions or any rule; a heuristic, not proven fewest. With
    ``score_first`` the assignment scores best first (no period's score can
    drop: the field places of one period are tied to no other), then keeps
    players where they were.
    """
    kinds = [position_key(slot) for slot in model.problem.slots]
    index = {key: v for v, key in enumerate(model.x)}
    ub = model.bounds.ub[: model.nx]
    out = np.round(x).copy()
    rows: list[dict[int, int]] = [{} for _ in range(model.n_periods)]  # slot → player
    for v, (i, s, t) in enumerate(model.x):
        if out[v] > 0.5:
            rows[t][s] = i
    first = max(1, len(model.problem.locked))
    for t in range(first, model.n_periods):
        field = sorted(s for s in rows[t] if s not in model.keepers)
        players = sorted(rows[t][s] for s in field)
        was = {i: kinds[s] for s, i in rows[t - 1].items() if s not in model.keepers}
        gain = np.full((len(players), len(field)), -1e12)
        for a, i in enumerate(players):
            for b, s in enumerate(field):
                var = index.get((i, s, t))
                if var is not None and ub[var] > 0.5:
                    same = 1.0 if was.get(i) == kinds[s] else 0.0
                    if score_first:
                        gain[a, b] = score[var] * (len(field) + 1) + same
                    else:
                        gain[a, b] = same * 1e9 + score[var]
        chosen, places = linear_sum_assignment(gain, maximize=True)
        for s in field:
            out[index[(rows[t][s], s, t)]] = 0.0
        for a, b in zip(chosen, places, strict=True):
            rows[t][field[b]] = players[a]
            out[index[(players[a], field[b], t)]] = 1.0
    return out


#: Steps of the gallop towards the second objective's value before asking for any
#: plan within the first's (``PathProgram._within``).
GALLOP = 6
#: The gallop's first stride, as a share of the bound (the relaxation is usually
#: within a few thousandths of the best plan).
GALLOP_STRIDE = 1e-3
#: The same for the first objective, when its relaxation was loose.
GALLOP_FIRST = 14


def _step(objective: np.ndarray) -> int:
    """The objective's granularity: the greatest common divisor of its coefficients."""
    values = np.abs(np.round(objective[objective != 0])).astype(np.int64)
    return int(np.gcd.reduce(values)) if values.size else 1


def _fixed(
    lb: np.ndarray, ub: np.ndarray, relaxed: Any, gap: float
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds with reduced-cost fixing: moving a variable off its bound in the
    relaxation costs at least its reduced cost, so one whose reduced cost
    exceeds ``gap`` (the room between the relaxation's optimum and the value
    asked for) keeps that bound in every plan within that room."""
    margin = gap + _FIX_MARGIN
    lb, ub = lb.copy(), ub.copy()
    at_lower = relaxed.lower.marginals > margin
    at_upper = -relaxed.upper.marginals > margin
    ub[at_lower] = lb[at_lower]
    lb[at_upper] = ub[at_upper]
    return lb, ub


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


def left(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.05)
