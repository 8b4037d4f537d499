"""The rotation planner's stages: the spread band by band, the rest inside a band.

Stage 1 (the spread) is decided here, band by band, with the place-variable
program of :mod:`lineup.rotation_model`; the later stages inside a band run on
the path network of :mod:`lineup.rotation_flow`. See :mod:`lineup.rotation`
for the contract and ``docs/rotation.md`` for the model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from typing import Any

import numpy as np

from .rotation_data import (
    Certificate,
    Plan,
    Priority,
    RotationProblem,
)
from .rotation_flow import BandPlan, BandTimeout, best_in_band
from .rotation_model import PlaceModel


def _subset_sums(values: Iterable[int]) -> set[int]:
    sums = {0}
    for v in values:
        sums |= {s + v for s in sums}
    return sums


def _minute_options(problem: RotationProblem, model: PlaceModel) -> list[set[int]]:
    """For each player, every total of minutes some plan could give them."""
    n_locked = len(problem.locked)
    out = []
    for i, p in enumerate(problem.players):
        fixed = sum(
            m for t, m in enumerate(problem.period_minutes[:n_locked]) if p.key in problem.locked[t]
        )
        free = [
            m for t, m in enumerate(problem.period_minutes) if t >= n_locked and p.is_available(t)
        ]
        options = {fixed + s for s in _subset_sums(free)}
        out.append({v for v in options if v >= model.share_floor[i]})
    return out


def _bands(problem: RotationProblem, model: PlaceModel) -> list[tuple[int, int]]:
    """Every (low, high) band the minutes could sum up within, narrowest first.

    A counting argument: all places are filled in every period, so the
    players' minutes add up to places × game minutes exactly; a band is only
    worth asking the integer program about if some choice of one reachable
    total per player adds up to that. This is what proves most spreads
    impossible at once, without the solver fighting the symmetry of players.
    """
    options = _minute_options(problem, model)
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
            if model.limited[i] and model.share_floor[i] <= model.achievable[i] < lo:
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


def closest_plan(problem: RotationProblem, deadline: float, start: float) -> Plan | None:
    """A plan under relaxed rules, given at least half a second more."""
    try:
        return solve(problem, max(deadline, time.perf_counter() + 0.5), start)
    except OutOfTime:
        return None


class OutOfTime(Exception):
    """The time limit ran out before any plan was found."""


def _better(found: BandPlan, chosen: BandPlan, priority: Priority) -> bool:
    """Whether ``found`` beats ``chosen`` (a band of the same width) in the priority's order."""
    if priority == "strongest_first":
        return (-found.score, found.changes) < (-chosen.score, chosen.changes)
    return (found.changes, -found.score) < (chosen.changes, -chosen.score)


def solve(problem: RotationProblem, deadline: float, start: float) -> Plan | None:
    """The stages; ``None`` when the rules admit no plan."""
    priority = problem.rules.priority
    model = PlaceModel(problem)
    quality = model.quality_objective()
    bands = _bands(problem, model)
    feasible: bool | None = None  # unknown until a band fails or the fallback runs

    def rules_admit_a_plan() -> bool:
        """One solve without any band, so that a rule set no plan meets costs
        one solve rather than one per band."""
        check = model.solve(np.zeros(model.n), deadline - time.perf_counter())
        if check.x is None and check.status == 1:
            raise OutOfTime
        return check.x is not None

    timed_out = False
    chosen: BandPlan | None = None
    best: Any = None
    spread = bound = lo_b = 0
    if bands:
        # Stage 1 by enumeration: the narrowest band some plan fits; the later
        # stages inside each band of that width, the best in the priority's order winning.
        unproven: int | None = None  # the narrowest band the time limit left open
        for lo, hi in bands:
            if chosen is not None and hi - lo > spread:
                break
            try:
                found = best_in_band(model, (lo, hi), quality, deadline, priority)
            except BandTimeout:
                if unproven is None:
                    unproven = hi - lo
                continue
            if found is None:
                if feasible is None:
                    feasible = rules_admit_a_plan()
                    if not feasible:
                        return None
                continue
            if chosen is None or _better(found, chosen, priority):
                chosen, lo_b = found, lo
            spread = hi - lo
        if chosen is None:
            raise OutOfTime
        timed_out = unproven is not None
        bound = spread if unproven is None else min(unproven, spread)
        best = chosen.x
    else:
        if not rules_admit_a_plan():
            return None
        first = model.solve(model.spread_objective(), deadline - time.perf_counter())
        if first.x is None:
            raise OutOfTime
        timed_out = first.status != 0
        spread = round(first.fun)
        bound = spread
        if timed_out:
            dual = getattr(first, "mip_dual_bound", None)
            bound = max(0, math.ceil((dual if dual is not None else 0) - 1e-6))
        best = first.x[: model.nx]
        band = (round(first.x[model.low]), round(first.x[model.high]))
        lo_b = band[0]
        try:
            chosen = best_in_band(model, band, quality, deadline, priority)
        except BandTimeout:
            chosen = None
        if chosen is not None:
            best = chosen.x
    fewest = chosen is not None and chosen.fewest
    fewest_moves = chosen is not None and chosen.fewest_moves
    strongest = chosen is not None and chosen.strongest
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
        strongest=strongest,
        fewest_keeper_changes=fewest,
        fewest_moves=fewest_moves,
        priority=priority,
    )
    return Plan(
        players=problem.players,
        slots=problem.slots,
        period_minutes=problem.period_minutes,
        grid=grid,
        certificate=certificate,
        limited=limited,
    )
