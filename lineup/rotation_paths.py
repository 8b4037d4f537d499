"""Each player's game as a path through a small layered network (the rotation planner).

A node says how many minutes the player has played so far, whether they were
on in the last period — in goal or on the field — (or how many periods in a
row they have sat), and which halves they have played whole. Every legal
pattern of one player under the team's rules is one path from the first layer
to the last, and nothing else is, so the per-player rules (the band, the
minimum share, the bench limit, the full half, the keeper policy) are built
into the network instead of written as rows. Arcs carry the changes: coming on
at a break is a substitution, going in goal after not being in goal is a keeper
change, going from goal to the field or back is a position move; a field →
field arc is charged a move that a "stayed at this position" variable of the
program (:mod:`lineup.rotation_program`) pays back.

Why: the first formulation counted substitutions with ``e ≥ on[t] − on[t−1]``,
whose relaxation lets a player be "half on" in every period and change
nothing; HiGHS could not prove the fewest substitutions for a basketball game
in 3 s. A network's relaxation is a mix of whole paths, each paying for its
own changes, so the same question is settled at the root node in tens of
milliseconds (``docs/rotation.md`` has the figures). Given integer places
``x``, each player's path is fixed by their pattern, so the arc flows need
not be declared integer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .rotation_data import halves, position_key
from .rotation_model import PlaceModel

_ON = -1  # bench state of a player who was on the field (not in goal) in the last period
_KEEP = -2  # bench state of a player who was in goal in the last period

OFF, OUT, GOAL = 0, 1, 2  # what a player does in a period: bench, field, goal


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


class Network:
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
        #: (player, period, OUT or GOAL) → the arcs that put the player there
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
        if kind != OFF:
            self.on_arcs.setdefault((i, t, kind), []).append(arc)

    def _choices(self, model: PlaceModel, i: int, t: int) -> tuple[int, ...]:
        """What the player may do in period ``t``, given which place variables are open."""
        kinds: dict[int, list[int]] = {OUT: [], GOAL: []}
        for v in model.on.get((i, t), []):
            if self.ub[v] > 0.5:
                kinds[GOAL if model.x[v][1] in model.keepers else OUT].append(v)
        for kind in (OUT, GOAL):
            if any(self.lb[v] > 0.5 for v in kinds[kind]):
                return (kind,)  # in a played period's grid, the starting lineup, or fixed
        return (OFF, *(kind for kind in (OUT, GOAL) if kinds[kind]))

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
            can_play = any(kind != OFF for kind in choices[t])
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
                    if frozen_goal and (bench == _KEEP) != (kind == GOAL):
                        continue
                    if kind == OFF:
                        sat = 0
                        if limit is not None and present:
                            sat = min(1 if was_on else bench + 1, limit + 1)
                            if sat > limit and t >= n_locked:
                                continue  # the bench rule
                        state = (played, sat, tuple(h for h in whole if t not in parts[h]))
                    else:
                        state = (played + periods[t], _KEEP if kind == GOAL else _ON, whole)
                    if eligible and not state[2]:
                        continue  # no half left to play whole
                    if state[0] > hi or state[0] + to_come[t + 1] < need:
                        continue
                    if state not in following:
                        following[state] = self._node(0.0)
                    changes = {}
                    if t > 0 and kind != OFF:
                        if not was_on:
                            changes["substitution"] = 1
                        if kind == GOAL and bench != _KEEP:
                            changes["keeper"] = 1
                        if was_on and not (bench == _KEEP and kind == GOAL):
                            # Goal ↔ field is a move; field → field is one unless a
                            # "stayed" variable of the program pays it back.
                            changes["move"] = 1
                            if bench == _ON and kind == OUT:
                                self.stayed_on.setdefault((i, t), []).append(self.n)
                    self._arc(i, t, kind, changes, tail, following[state])
            layer = following
        for (played, _bench, _whole), tail in layer.items():
            if played >= lo or (limited and played == achievable):
                self._arc(i, -1, OFF, {}, tail, None)
        # A state with no way on keeps its balance row: its inflow is forced to 0.
