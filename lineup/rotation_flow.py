"""The stages after the spread, inside one band of minutes, over each player's paths.

Each player's game is a path through a small layered network: a node says
how many minutes they have played so far, whether they were on in the last
period — in goal or on the field — (or how many periods in a row they have
sat), and which halves they have played whole. Every legal pattern of one
player under the team's rules is one path from the first layer to the last,
and nothing else is, so the per-player rules (the band, the minimum share,
the bench limit, the full half, the keeper policy) are built into the network
instead of written as rows. Arcs carry the changes: coming on at a break is a
substitution, going in goal after not being in goal is a keeper change, going
from goal to the field or back is a position move; moves between two field
positions are counted with one "stayed at this position" variable per player,
position and break.

Why: the first formulation counted substitutions with ``e ≥ on[t] − on[t−1]``,
whose relaxation lets a player be "half on" in every period and change
nothing; HiGHS could not prove the fewest substitutions for a basketball game
in 3 s. A network's relaxation is a mix of whole paths, each paying for its
own changes, so the same question is settled at the root node in tens of
milliseconds (``docs/rotation.md`` has the figures). Given integer places
``x``, each player's path is fixed by their pattern, so the arc flows need
not be declared integer.

Two objectives, both integers: the **changes** — keeper changes, then
substitutions, then position moves, folded into one number with weights that
keep that order exact (each unit outweighs the most the lower terms can add
up to) — and the **score** (ratings, variety, ledger priority). The team's
:data:`~lineup.rotation_data.Priority` says which comes first. Inside a band
(``best_in_band``):

1. the linear relaxation of the first objective: it bounds it (or proves the
   band empty), and its reduced costs fix every variable that no plan within
   the bound's rounding can move;
2. one integer program: the best second objective among plans at the rounded
   bound. If it has a plan, both objectives are proven in one solve;
3. only if it has none (the relaxation was loose), the first objective is
   found by its own integer program and step 2 runs again at that value.

A game whose network passes ``MAX_PATH_ARCS`` gets the strongest plan on the
place variables, then better changes a window of periods at a time (not
proven). A search that cannot finish in half the time left gets the
strongest plan alone. The certificate says what was not proven.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, linprog, milp
from scipy.sparse import coo_array, csr_array, vstack

from .rotation_data import Priority, halves, position_key
from .rotation_model import PlaceModel

#: Games whose paths need more arcs than this skip the path program: past it,
#: HiGHS's search for a first plan grows from tenths of a second to several
#: seconds (``docs/rotation.md``, the figures).
MAX_PATH_ARCS = 2500

#: Margin on reduced costs before a variable is fixed: the solver's duals carry
#: rounding noise; a larger margin only fixes fewer variables.
_FIX_MARGIN = 1e-3

_ON = -1  # bench state of a player who was on the field (not in goal) in the last period
_KEEP = -2  # bench state of a player who was in goal in the last period

_OFF, _OUT, _GOAL = 0, 1, 2  # what a player does in a period: bench, field, goal


class BandTimeout(Exception):
    """The time limit ran out before the band was settled either way."""


@dataclass(frozen=True, slots=True)
class BandPlan:
    """The best plan inside one band: values of the place variables ``x``."""

    x: np.ndarray
    score: int
    #: The folded changes (:func:`change_weights`).
    changes: int
    #: Whether the keeper changes and substitutions were proven fewest (in the
    #: priority's order).
    fewest: bool
    #: Whether the position moves were proven fewest (in the priority's order).
    fewest_moves: bool
    #: Whether the score was proven best (in the priority's order).
    strongest: bool


def change_weights(model: PlaceModel) -> tuple[int, int, int]:
    """Weights of (a keeper change, a substitution, a position move) in the folded
    changes: each unit outweighs the most the terms below it can add up to."""
    most = len(model.problem.slots) * max(0, model.n_periods - 1)  # per kind, at most
    move = 1
    substitution = move * (most + 1)
    keeper = substitution * (most + 1)
    return keeper, substitution, move


def changes_of(model: PlaceModel, x: np.ndarray) -> int:
    """The folded changes of a plan given by its place variables (as the paths count them)."""
    keeper, substitution, move = change_weights(model)
    kinds = [position_key(slot) for slot in model.problem.slots]
    grid: list[dict[int, int]] = [{} for _ in range(model.n_periods)]
    for v, (i, s, t) in enumerate(model.x):
        if x[v] > 0.5:
            grid[t][i] = s
    total = 0
    for before, after in itertools.pairwise(grid):
        for i, s in after.items():
            total += substitution if i not in before else move * (kinds[before[i]] != kinds[s])
            if s in model.keepers and not (i in before and before[i] in model.keepers):
                total += keeper
    return total


class _Network:
    """Every player's legal paths, as arcs between states per period."""

    def __init__(
        self,
        model: PlaceModel,
        band: tuple[int, int],
        lb: np.ndarray | None = None,
        ub: np.ndarray | None = None,
    ) -> None:
        self.n = 0  # arcs so far
        keeper, substitution, move = change_weights(model)
        self.weights = {"keeper": keeper, "substitution": substitution, "move": move}
        #: the folded changes each arc brings, and each kind of change on its own
        self.cost: list[float] = []
        self.kinds: dict[str, list[float]] = {"keeper": [], "substitution": [], "move": []}
        #: one balance row per node: inflow − outflow = rhs (−1 at a source)
        self.rows: list[dict[int, float]] = []
        self.rhs: list[float] = []
        #: (player, period, _OUT or _GOAL) → the arcs that put the player there
        self.on_arcs: dict[tuple[int, int, int], list[int]] = {}
        #: (player, period) → the arcs that keep them on the field (not in goal) at a break
        self.stayed_on: dict[tuple[int, int], list[int]] = {}
        self.lb = model.bounds.lb[: model.nx] if lb is None else lb
        self.ub = model.bounds.ub[: model.nx] if ub is None else ub
        for i in range(model.n_players):
            self._player(model, i, band)

    def _node(self, rhs: float) -> int:
        self.rows.append({})
        self.rhs.append(rhs)
        return len(self.rows) - 1

    def _arc(
        self, i: int, t: int, kind: int, changes: dict[str, int], tail: int, head: int | None
    ) -> None:
        arc = self.n
        self.n += 1
        self.cost.append(sum(self.weights[k] * v for k, v in changes.items()))
        for name, costs in self.kinds.items():
            costs.append(changes.get(name, 0))
        self.rows[tail][arc] = -1.0
        if head is not None:
            self.rows[head][arc] = 1.0
        if kind != _OFF:
            self.on_arcs.setdefault((i, t, kind), []).append(arc)

    def _choices(self, model: PlaceModel, i: int, t: int) -> tuple[int, ...]:
        """What the player may do in period ``t``, given which place variables are open."""
        kinds: dict[int, list[int]] = {_OUT: [], _GOAL: []}
        for v in model.on.get((i, t), []):
            if self.ub[v] > 0.5:
                kinds[_GOAL if model.x[v][1] in model.keepers else _OUT].append(v)
        for kind in (_OUT, _GOAL):
            if any(self.lb[v] > 0.5 for v in kinds[kind]):
                return (kind,)  # in a played period's grid, the starting lineup, or fixed
        return (_OFF, *(kind for kind in (_OUT, _GOAL) if kinds[kind]))

    def _player(self, model: PlaceModel, i: int, band: tuple[int, int]) -> None:
        problem, rules = model.problem, model.problem.rules
        lo, hi = band
        periods = problem.period_minutes
        n_periods, n_locked = len(periods), len(problem.locked)
        limit = rules.max_consecutive_bench
        parts = halves(n_periods)
        choices = [self._choices(model, i, t) for t in range(n_periods)]
        # Minutes still to come, to drop states that cannot reach the band.
        to_come = [0] * (n_periods + 1)
        for t in range(n_periods - 1, -1, -1):
            can_play = any(kind != _OFF for kind in choices[t])
            to_come[t] = to_come[t + 1] + (periods[t] if can_play else 0)
        achievable, limited = model.achievable[i], model.limited[i]
        need = max(model.share_floor[i], min(lo, achievable) if limited else lo)
        eligible = tuple(h for h in range(2) if (i, h) in model.half)
        # A state: (minutes so far, bench, halves still played whole), where
        # bench is _ON, _KEEP or the periods in a row the player has sat while there.
        State = tuple[int, int, tuple[int, ...]]
        layer: dict[State, int] = {(0, 0, eligible): self._node(-1.0)}
        for t in range(n_periods):
            present = model.present[(i, t)]
            # At a break where the keeper may not change, whoever was in goal stays
            # in goal, and nobody else goes in.
            frozen_goal = t >= max(1, n_locked) and t not in model.keeper_breaks
            following: dict[State, int] = {}
            for (played, bench, whole), tail in layer.items():
                was_on = bench in (_ON, _KEEP)
                for kind in choices[t]:
                    if frozen_goal and (bench == _KEEP) != (kind == _GOAL):
                        continue
                    if kind == _OFF:
                        sat = 0
                        if limit is not None and present:
                            sat = min(1 if was_on else bench + 1, limit + 1)
                            if sat > limit and t >= n_locked:
                                continue  # the bench rule
                        state = (played, sat, tuple(h for h in whole if t not in parts[h]))
                    else:
                        state = (played + periods[t], _KEEP if kind == _GOAL else _ON, whole)
                    if eligible and not state[2]:
                        continue  # no half left to play whole
                    if state[0] > hi or state[0] + to_come[t + 1] < need:
                        continue
                    if state not in following:
                        following[state] = self._node(0.0)
                    changes = {}
                    if t > 0 and kind != _OFF:
                        if not was_on:
                            changes["substitution"] = 1
                        if kind == _GOAL and bench != _KEEP:
                            changes["keeper"] = 1
                        if was_on and not (bench == _KEEP and kind == _GOAL):
                            # Goal ↔ field is a move; field → field is one unless a
                            # "stayed" variable of the program pays it back.
                            changes["move"] = 1
                            if bench == _ON and kind == _OUT:
                                self.stayed_on.setdefault((i, t), []).append(self.n)
                    self._arc(i, t, kind, changes, tail, following[state])
            layer = following
        for (played, _bench, _whole), tail in layer.items():
            if played >= lo or (limited and played == achievable):
                self._arc(i, -1, _OFF, {}, tail, None)
        # A state with no way on keeps its balance row: its inflow is forced to 0.


def best_in_band(
    model: PlaceModel,
    band: tuple[int, int],
    score: np.ndarray,
    deadline: float,
    priority: Priority,
) -> BandPlan | None:
    """The best plan with every minute total in ``band`` (or played in full), or
    ``None`` when no plan has one. ``score`` is the score per place variable.

    The path program gets half the time left; a game too large for it
    (``MAX_PATH_ARCS``) gets the strongest plan improved window by window, and
    a search it cannot finish in time the strongest plan alone, which does not
    depend on how far a cut-short search got.
    """
    if model.nx == 0:
        return None  # nobody may fill any place
    net = _Network(model, band)
    if net.n <= MAX_PATH_ARCS:
        now = time.perf_counter()
        try:
            return _with_paths(model, net, score, now + (deadline - now) / 2, priority)
        except BandTimeout:
            return _strongest(model, band, score, deadline, priority)
    # A large game: the strongest plan, then fewer changes window by window,
    # whatever the priority — finding the fewest changes first takes seconds here.
    strongest = _strongest(model, band, score, deadline, "strongest_first")
    if strongest is None:
        return None
    return _better_in_windows(model, band, score, strongest)


#: Place variables up to which the moves, once the re-dealt positions cannot be
#: shown fewest, get their own integer program (changes first): a size, not a
#: time, so that the plan does not depend on the machine's load.
EXACT_MOVES = 200

#: Periods re-planned at a time for games too large for the path program (windows
#: overlap by half). 6 gave the fewest substitutions per second on the bench cases.
WINDOW = 6
#: Each window's own time limit: only a safety net, so that the result does not
#: depend on the machine's load (a window takes 0.1–0.3 s here).
WINDOW_SECONDS = 2.0


def _better_in_windows(
    model: PlaceModel, band: tuple[int, int], score: np.ndarray, plan: BandPlan
) -> BandPlan:
    """Fewer changes for the strongest plan of a large game, a window of periods at a time.

    Every period outside the window keeps its places; inside it the path
    program finds the fewest changes among plans as strong. Windows overlap
    by half and each starts from the last one's plan, so the changes only go
    down. Not proven fewest overall. The windows do not share the caller's deadline but
    have their own safety limit each, so the answer is the same on a busy
    machine (the time limit can be overrun by them).
    """
    nx, n_periods = model.nx, model.n_periods
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
        try:
            found = program.lexicographic("strongest_first", deadline)
        except BandTimeout:
            continue
        if found is not None:
            x = np.round(found.x)
    return BandPlan(
        x=x,
        score=round(float(score[:nx] @ x)),
        changes=changes_of(model, x),
        fewest=False,
        fewest_moves=False,
        strongest=True,
    )


def _fewer_moves(model: PlaceModel, x: np.ndarray, score: np.ndarray) -> np.ndarray:
    """The plan ``x`` with its field positions re-dealt to keep players where they were.

    Period by period (after those played and the starting lineup), the players
    on the field keep their places in goal, and the field places go to them by
    an assignment that keeps as many as possible at their last position, then
    scores best — over the place variables the plan may use. Who plays when and
    who keeps goal do not change, so neither do the keeper changes, the
    substitutions or any rule; a heuristic, not proven fewest.
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
                    same = 1e9 if was.get(i) == kinds[s] else 0.0
                    gain[a, b] = same + score[var]
        chosen, places = linear_sum_assignment(gain, maximize=True)
        for s in field:
            out[index[(rows[t][s], s, t)]] = 0.0
        for a, b in zip(chosen, places, strict=True):
            rows[t][field[b]] = players[a]
            out[index[(players[a], field[b], t)]] = 1.0
    return out


def _strongest(
    model: PlaceModel,
    band: tuple[int, int],
    score: np.ndarray,
    deadline: float,
    priority: Priority,
) -> BandPlan | None:
    """The best score in ``band``, on the place variables, without the changes."""
    best = model.solve(-score, _left(deadline), band)
    if best.status == 2:
        return None
    if best.status != 0:
        raise BandTimeout
    x = np.round(best.x[: model.nx])
    return BandPlan(
        x=x,
        score=round(float(score[: model.nx] @ x)),
        changes=changes_of(model, x),
        fewest=False,
        fewest_moves=False,
        strongest=priority == "strongest_first",
    )


def _with_paths(
    model: PlaceModel, net: _Network, score: np.ndarray, deadline: float, priority: Priority
) -> BandPlan | None:
    return _PathProgram(model, net, score[: model.nx]).lexicographic(priority, deadline)


class _PathProgram:
    """Places ``x``, path arcs and "stayed at this position" variables in one program:
    the places filled, the keeper limit, each player on the field or in goal
    exactly when their path says so."""

    def __init__(self, model: PlaceModel, net: _Network, score: np.ndarray) -> None:
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
            kind = _GOAL if s in model.keepers else _OUT
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
        # Valid when a plan may move nobody: a player on the field on both sides of
        # a break keeps their position (y[t] − y[t−1] + on-on ≤ 1, both ways). The
        # same as "moves ≤ 0" for whole plans, but a much tighter relaxation.
        still: list[dict[int, float]] = []
        for (i, t), arcs in sorted(net.stayed_on.items()):
            for g in sorted({g for (j, u, g) in at if j == i and u in (t - 1, t)}, key=str):
                for now, before in ((t, t - 1), (t - 1, t)):
                    row = {v: 1.0 for v in at.get((i, now, g), {})}
                    for v in at.get((i, before, g), {}):
                        row[v] = row.get(v, 0.0) - 1.0
                    for arc in arcs:
                        row[nx + arc] = 1.0
                    still.append(row)
        still_hi = [1.0] * len(still)
        # … and the arcs that always move a player (goal ↔ field) stay unused. A
        # row, not a bound, so that reduced-cost fixing never sees them as fixed.
        stayed = {a for arcs in net.stayed_on.values() for a in arcs}
        moving = {
            nx + a: 1.0 for a, moved in enumerate(net.kinds["move"]) if moved and a not in stayed
        }
        if moving:
            still.append(moving)
            still_hi.append(0.0)
        self.still = _matrix(still, self.n) if still else None
        self.still_hi = np.array(still_hi)
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
        (:func:`_fewer_moves`): the moves are proven fewest if that reaches the
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
        moves = self._moves(first)
        fewest = self._relax(self.counts["move"], base, deadline)
        if fewest.status != 0:
            return self._band_plan(first, True, False, False)
        bound = math.ceil(float(fewest.fun) - 1e-6)
        if moves <= bound:
            return self._band_plan(first, True, True, True)
        dealt = _fewer_moves(self.model, first[: self.nx], self.score[: self.nx])
        best = min((first, dealt), key=self._moves_then_score)
        if self.model.nx <= EXACT_MOVES:
            try:
                found = self._pair(self.counts["move"], -self.score, base, deadline, fewest)
            except BandTimeout:
                found = None
            if found is not None:
                return self._band_plan(found, True, True, True)
        return self._band_plan(best, True, self._moves(best) <= bound, False)

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
        if self._nobody_moves(limits) and self.still is not None:
            a_ub = vstack([a_ub, self.still], format="csr")
            b_ub = np.append(b_ub, self.still_hi)
        return linprog(
            objective,
            A_ub=a_ub if a_ub.shape[0] else None,
            b_ub=b_ub if a_ub.shape[0] else None,
            A_eq=self.matrix[eq],
            b_eq=self.lo[eq],
            bounds=np.column_stack([lower, upper]),
            method="highs",
            options={"time_limit": _left(deadline)},
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
        if self._nobody_moves(limits) and self.still is not None:
            extra.append(LinearConstraint(self.still, -np.inf, self.still_hi))
        found = milp(
            np.zeros(self.n) if objective is None else objective,
            constraints=[LinearConstraint(self.matrix, self.lo, self.hi), *extra],
            integrality=self.integrality,
            bounds=Bounds(lb, ub),
            options={"time_limit": _left(deadline), "mip_rel_gap": 0.0},
        )
        if found.status == 2:
            return None
        if found.status != 0:
            raise BandTimeout  # a cut-short search is not used: its plan depends on the load
        return np.asarray(found.x)


#: Steps of the gallop towards the second objective's value before asking for any
#: plan within the first's (``_PathProgram._within``).
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


def _left(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.05)
